import { Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Public, type Actor } from '@attune/identity';
import { Problem } from '@attune/platform';
import { CalendarFeeds } from '@attune/scheduling';
import { ApiProblems } from '../common/problem.schema.js';

export class CalendarFeedDto {
  @ApiProperty({ example: 'https://attune.example.org/calendar/3q2-7wEAAAA.ics', description: 'Shown once; subscribe to it in a calendar app' }) url: string;
}

@ApiTags('calendars')
@ApiBearerAuth()
@Controller('me/calendar-feed')
export class MyCalendarFeedController {
  constructor(private readonly feeds: CalendarFeeds) {}

  @Post()
  @ApiOperation({ summary: 'A new secret calendar feed URL for your visits; any earlier one stops working' })
  @ApiCreatedResponse({ type: CalendarFeedDto })
  @ApiProblems(401)
  create(@CurrentActor() actor: Actor): Promise<CalendarFeedDto> {
    return this.feeds.create(actor);
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke your calendar feed URL' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiProblems(401)
  revoke(@CurrentActor() actor: Actor): Promise<void> {
    return this.feeds.revoke(actor);
  }
}

/** The feed itself, outside /api/v1: calendar apps fetch it with no sign-in, the secret URL is the key. */
@ApiTags('calendars')
@Public()
@Controller('calendar')
export class CalendarFeedController {
  constructor(private readonly feeds: CalendarFeeds) {}

  @Get(':file')
  @ApiOperation({ summary: 'An ICS feed of visits ("Attune session", no address unless the organisation opts in)' })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'iCalendar (RFC 5545)', schema: { type: 'string' } })
  @ApiProblems(404)
  async feed(@Param('file') file: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    if (!file.endsWith('.ics')) throw Problem.notFound('calendar feed');
    const body = await this.feeds.feed(file.slice(0, -4));
    void reply.type('text/calendar; charset=utf-8').header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    return body;
  }
}

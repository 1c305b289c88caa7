import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { CurrentActor, type Actor } from '@attune/identity';
import { InAppNotifications, type InAppNotificationView, type InboxPage } from '@attune/notifications';
import { isUuidLike, Problem } from '@attune/platform';
import { IsInstant } from '../clients/field-rules.js';
import { ApiProblems } from '../common/problem.schema.js';

export class InboxQueryDto {
  @ApiPropertyOptional({ description: 'Only notifications not yet read' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Older than this (paging back)' }) @IsOptional() @IsInstant() before?: Date;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
}

export class InAppNotificationDto implements InAppNotificationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'reminder.visit', description: 'What happened; the app words it. Never client data.' }) kind: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) subjectId: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) readAt: Date | null;
}

export class ReadAllDto {
  @ApiProperty({ description: 'How many were unread' }) changed: number;
}

export class InboxDto implements InboxPage {
  @ApiProperty({ type: [InAppNotificationDto] }) notifications: InAppNotificationDto[];
  @ApiProperty({ description: 'Unread notifications in all' }) unread: number;
}

/** Each person's own in-app notifications (a `notification.new` socket event announces each new one). */
@ApiTags('reminders')
@ApiBearerAuth()
@Controller('me/notifications')
export class NotificationsController {
  constructor(private readonly inbox: InAppNotifications) {}

  @Get()
  @ApiOperation({ summary: 'My in-app notifications, newest first, with the unread count' })
  @ApiOkResponse({ type: InboxDto })
  @ApiProblems(400, 401)
  list(@CurrentActor() actor: Actor, @Query() query: InboxQueryDto): Promise<InboxPage> {
    return this.inbox.list(actor.userId, { unreadOnly: query.unread, before: query.before, limit: query.limit });
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark all my notifications read' })
  @ApiOkResponse({ type: ReadAllDto })
  @ApiProblems(401)
  async readAll(@CurrentActor() actor: Actor): Promise<{ changed: number }> {
    return { changed: await this.inbox.markAllRead(actor.userId) };
  }

  @Post(':notificationId/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of my notifications read' })
  @ApiOkResponse({ type: InAppNotificationDto })
  @ApiProblems(401, 404)
  read(@CurrentActor() actor: Actor, @Param('notificationId') notificationId: string): Promise<InAppNotificationView> {
    if (!isUuidLike(notificationId)) throw Problem.notFound('notification');
    return this.inbox.markRead(actor.userId, notificationId);
  }
}

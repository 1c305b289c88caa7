import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CheckIns, type CheckInPage, type CheckInResult, type CheckInTrends } from '@attune/checkins';
import { CurrentActor, type Actor } from '@attune/identity';
import { ApiProblems } from '../common/problem.schema.js';
import { CheckInHistoryQueryDto, CheckInPageDto, CheckInResultDto, CheckInTrendsDto, SubmitCheckInDto, TrendsQueryDto } from './checkin.dto.js';

@ApiTags('check-ins')
@ApiBearerAuth()
@Controller('clients/:clientId/check-ins')
export class CheckInsController {
  constructor(private readonly checkIns: CheckIns) {}

  @Post()
  @ApiOperation({
    summary: "Today's check-in (checkins:submit: the client, or a team member on their behalf). Idempotent by its id: a retry answers 200 with the first result. A safety concern answers with crisis resources.",
  })
  @ApiBody({ type: SubmitCheckInDto })
  @ApiCreatedResponse({ type: CheckInResultDto })
  @ApiOkResponse({ type: CheckInResultDto, description: 'A retry of a stored check-in' })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async submit(
    @CurrentActor() actor: Actor,
    @Param('clientId') clientId: string,
    // A plain object on purpose: CheckIns.submit checks every field (the same check the socket gateway
    // gets) and names each wrong or unknown one in a 422; class-validator would only repeat it.
    @Body() body: Record<string, unknown>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CheckInResult> {
    const result = await this.checkIns.submit(actor, clientId, body);
    if (result.replayed) reply.status(200);
    return result;
  }

  @Get()
  @ApiOperation({ summary: 'Check-ins, newest first, paged by time (checkins:read)' })
  @ApiOkResponse({ type: CheckInPageDto })
  @ApiProblems(400, 401, 403, 404)
  history(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Query() query: CheckInHistoryQueryDto): Promise<CheckInPage> {
    return this.checkIns.history(actor, clientId, { before: query.before ? new Date(query.before) : undefined, limit: query.limit });
  }

  @Get('trends')
  @ApiOperation({ summary: "Per-day averages over 7 or 30 days in the client's zone, missed days and risk hits (checkins:read)" })
  @ApiOkResponse({ type: CheckInTrendsDto })
  @ApiProblems(400, 401, 403, 404)
  trends(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Query() query: TrendsQueryDto): Promise<CheckInTrends> {
    return this.checkIns.trends(actor, clientId, query.days);
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '@attune/identity';
import { Availability, Visits, type FreeSlots, type Visit, type VisitBatch, type VisitDetail } from '@attune/scheduling';
import { ApiProblems } from '../common/problem.schema.js';
import { CancelVisitDto, FreeSlotQueryDto, FreeSlotsDto, MoveVisitDto, ScheduleVisitDto, VisitBatchDto, VisitDetailDto, VisitDto, VisitRangeDto, VisitStatusDto } from './visit.dto.js';

@ApiTags('visits')
@ApiBearerAuth()
@Controller('clients/:clientId')
export class VisitsController {
  constructor(
    private readonly visits: Visits,
    private readonly availability: Availability,
  ) {}

  @Post('visits')
  @ApiOperation({ summary: 'Schedule a visit or a recurring series (visits:schedule: the client\'s care team); 409 names an overlapping visit' })
  @ApiCreatedResponse({ type: VisitBatchDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  schedule(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Body() dto: ScheduleVisitDto): Promise<VisitBatch> {
    return this.visits.schedule(actor, clientId, dto);
  }

  @Get('visits')
  @ApiOperation({ summary: "The client's visits in a time range (visits:read)" })
  @ApiOkResponse({ type: [VisitDto] })
  @ApiProblems(400, 401, 403, 404, 422)
  list(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Query() range: VisitRangeDto): Promise<Visit[]> {
    return this.visits.list(actor, clientId, range);
  }

  @Get('visits/:visitId')
  @ApiOperation({ summary: 'One visit with its history (visits:read)' })
  @ApiOkResponse({ type: VisitDetailDto })
  @ApiProblems(401, 403, 404)
  detail(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Param('visitId') visitId: string): Promise<VisitDetail> {
    return this.visits.detail(actor, clientId, visitId);
  }

  @Post('visits/:visitId/reschedule')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a visit, this and the following occurrences, or the whole series; the history keeps the old times' })
  @ApiOkResponse({ type: VisitBatchDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  move(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Param('visitId') visitId: string, @Body() dto: MoveVisitDto): Promise<VisitBatch> {
    return this.visits.move(actor, clientId, visitId, dto);
  }

  @Post('visits/:visitId/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a visit (or this and following, or the series) with a reason' })
  @ApiOkResponse({ type: VisitBatchDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  cancel(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Param('visitId') visitId: string, @Body() dto: CancelVisitDto): Promise<VisitBatch> {
    return this.visits.cancel(actor, clientId, visitId, dto);
  }

  @Post('visits/:visitId/status')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm, start, complete or mark a no-show; 409 for a move the lifecycle does not allow' })
  @ApiOkResponse({ type: VisitDto })
  @ApiProblems(400, 401, 403, 404, 409)
  status(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Param('visitId') visitId: string, @Body() dto: VisitStatusDto): Promise<Visit> {
    return this.visits.changeStatus(actor, clientId, visitId, dto);
  }

  @Get('free-slots')
  @ApiOperation({ summary: 'Free windows in the next N days for a visit with these team members (working hours, days off, visits and travel)' })
  @ApiOkResponse({ type: FreeSlotsDto })
  @ApiProblems(400, 401, 403, 404, 422)
  freeSlots(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Query() query: FreeSlotQueryDto): Promise<FreeSlots> {
    return this.availability.freeSlots(actor, clientId, query);
  }
}

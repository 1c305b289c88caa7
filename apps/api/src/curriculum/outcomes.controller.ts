import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CaseloadProgress,
  MeasureSchedules,
  MeasureTrends,
  type AdministrationView,
  type AttachmentMovement,
  type CaseloadProgressEntry,
  type InstrumentTrend,
  type MeasureScheduleSettings,
  type OverdueAdministration,
} from '@attune/curriculum';
import { CurrentActor, type Actor } from '@attune/identity';
import type { InstrumentCode } from '@attune/measures';
import { ApiProblems } from '../common/problem.schema.js';
import { ARRAY, MeasureScheduleSettingsDto, OBJECT, TrendQueryDto } from './curriculum.dto.js';

@ApiTags('curriculum')
@ApiBearerAuth()
@Controller('caseload')
export class CurriculumCaseloadController {
  constructor(
    private readonly progress: CaseloadProgress,
    private readonly trends: MeasureTrends,
  ) {}

  @Get('curriculum-progress')
  @ApiOperation({ summary: "Curriculum progress of the caller's clients (own teams; supervisor: all): week, % of unlocked activities done, modules overdue" })
  @ApiOkResponse({ schema: ARRAY })
  @ApiProblems(401, 403)
  curriculumProgress(@CurrentActor() actor: Actor): Promise<CaseloadProgressEntry[]> {
    return this.progress.list(actor);
  }

  @Get('attachment-movement')
  @ApiOperation({ summary: 'Who moved toward secure attachment: ECR-R anxiety and avoidance both lower than at intake (clients whose ECR-R the caller may read)' })
  @ApiOkResponse({ schema: ARRAY })
  @ApiProblems(401, 403)
  attachmentMovement(@CurrentActor() actor: Actor): Promise<AttachmentMovement[]> {
    return this.trends.attachmentMovement(actor);
  }
}

@ApiTags('measures')
@ApiBearerAuth()
@Controller()
export class MeasureOutcomesController {
  constructor(
    private readonly schedules: MeasureSchedules,
    private readonly trends: MeasureTrends,
  ) {}

  @Get('clients/:clientId/measures/schedule')
  @ApiOperation({ summary: "The client's administrations of the outcome measures (intake, every N days, discharge) with their status: upcoming, open, due, overdue, completed (clinical:read)" })
  @ApiOkResponse({ schema: ARRAY })
  @ApiProblems(401, 403, 404)
  schedule(@CurrentActor() actor: Actor, @Param('clientId') clientId: string): Promise<AdministrationView[]> {
    return this.schedules.forClient(actor, clientId);
  }

  @Get('clients/:clientId/measures/trends')
  @ApiOperation({ summary: 'Series of each score, change since intake, and reliable change where a published index exists (PHQ-9, GAD-7 totals); plain change otherwise' })
  @ApiOkResponse({ schema: OBJECT })
  @ApiProblems(400, 401, 403, 404, 422)
  trend(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Query() query: TrendQueryDto): Promise<InstrumentTrend> {
    return this.trends.forClient(actor, clientId, query.instrument);
  }

  @Get('measures/overdue')
  @ApiOperation({ summary: "Overdue administrations on the caller's caseload (more than 7 days past due, not all instruments answered)" })
  @ApiOkResponse({ schema: ARRAY })
  @ApiProblems(401, 403)
  overdue(@CurrentActor() actor: Actor): Promise<OverdueAdministration[]> {
    return this.schedules.overdue(actor);
  }

  @Get('measures/schedule-settings')
  @ApiOperation({ summary: "The organisation's measure schedule (staff)" })
  @ApiOkResponse({ schema: OBJECT })
  @ApiProblems(401, 403)
  settings(@CurrentActor() actor: Actor): Promise<MeasureScheduleSettings> {
    return this.schedules.viewSettings(actor);
  }

  @Put('measures/schedule-settings')
  @ApiOperation({ summary: 'Change the measure schedule (admin, organization:manage)' })
  @ApiOkResponse({ schema: OBJECT })
  @ApiProblems(400, 401, 403, 422)
  change(@CurrentActor() actor: Actor, @Body() dto: MeasureScheduleSettingsDto): Promise<MeasureScheduleSettings> {
    return this.schedules.changeSettings(actor, { ...dto, instruments: dto.instruments as InstrumentCode[] });
  }
}

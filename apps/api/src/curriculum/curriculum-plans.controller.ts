import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurriculumPlans, type PlanView } from '@attune/curriculum';
import { CurrentActor, type Actor } from '@attune/identity';
import { ApiProblems } from '../common/problem.schema.js';
import { ActivityChangeDto, EnrolDto, MoveVersionDto, OBJECT, SignOffDto, SkipModuleDto } from './curriculum.dto.js';

const PLAN = { schema: OBJECT, description: 'The plan: template version, start date, progress (currentWeek of totalWeeks, percentDone, modulesOverdue) and every module with its activities' };

@ApiTags('curriculum')
@ApiBearerAuth()
@Controller('clients/:clientId/curriculum')
export class CurriculumPlansController {
  constructor(private readonly plans: CurriculumPlans) {}

  @Post()
  @ApiOperation({ summary: "Enrol the client: their own plan from a template version, counted from their programme start date (curriculum:manage: the team's clinician or case manager)" })
  @ApiCreatedResponse(PLAN)
  @ApiProblems(400, 401, 403, 404, 409, 422)
  enrol(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Body() dto: EnrolDto): Promise<PlanView> {
    return this.plans.enrol(actor, clientId, dto.templateVersionId);
  }

  @Get()
  @ApiOperation({ summary: 'The plan and progress (curriculum:read); reflections for curriculum:read-reflections only (not the peer coach, not break-glass)' })
  @ApiOkResponse(PLAN)
  @ApiProblems(401, 403, 404)
  view(@CurrentActor() actor: Actor, @Param('clientId') clientId: string): Promise<PlanView> {
    return this.plans.view(actor, clientId);
  }

  @Patch('activities/:activityKey')
  @ApiOperation({ summary: 'Mark an activity (the client or their team) and/or write its reflection (the client alone). 409 while its module is locked.' })
  @ApiOkResponse(PLAN)
  @ApiProblems(400, 401, 403, 404, 409, 422)
  changeActivity(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Param('activityKey') activityKey: string, @Body() dto: ActivityChangeDto): Promise<PlanView> {
    return this.plans.changeActivity(actor, clientId, activityKey, dto);
  }

  @Post('modules/:week/sign-off')
  @HttpCode(200)
  @ApiOperation({ summary: 'The team reviews and signs off a module that is done or skipped (curriculum:review)' })
  @ApiOkResponse(PLAN)
  @ApiProblems(400, 401, 403, 404, 409, 422)
  signOff(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Param('week') week: string, @Body() dto: SignOffDto): Promise<PlanView> {
    return this.plans.signOff(actor, clientId, Number(week), dto.note);
  }

  @Post('modules/:week/skip')
  @HttpCode(200)
  @ApiOperation({ summary: 'The team skips a module with a reason (curriculum:review)' })
  @ApiOkResponse(PLAN)
  @ApiProblems(400, 401, 403, 404, 409, 422)
  skip(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Param('week') week: string, @Body() dto: SkipModuleDto): Promise<PlanView> {
    return this.plans.skipModule(actor, clientId, Number(week), dto.reason);
  }

  @Post('pause')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pause the plan (a hospital stay): nothing unlocks or becomes overdue until resumed (curriculum:manage)' })
  @ApiOkResponse(PLAN)
  @ApiProblems(401, 403, 404, 409)
  pause(@CurrentActor() actor: Actor, @Param('clientId') clientId: string): Promise<PlanView> {
    return this.plans.pause(actor, clientId);
  }

  @Post('resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume: modules not yet unlocked when paused move later by the days paused (curriculum:manage)' })
  @ApiOkResponse(PLAN)
  @ApiProblems(401, 403, 404, 409)
  resume(@CurrentActor() actor: Actor, @Param('clientId') clientId: string): Promise<PlanView> {
    return this.plans.resume(actor, clientId);
  }

  @Post('move')
  @HttpCode(200)
  @ApiOperation({ summary: "Move the client's plan to another template version on purpose; progress on activities present in both is kept (curriculum:manage)" })
  @ApiOkResponse(PLAN)
  @ApiProblems(400, 401, 403, 404, 409, 422)
  move(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Body() dto: MoveVersionDto): Promise<PlanView> {
    return this.plans.moveToVersion(actor, clientId, dto.templateVersionId);
  }
}

import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '@attune/identity';
import { MedicationPlans, type MedicationPlanView } from '@attune/reminders';
import { ApiProblems } from '../common/problem.schema.js';
import { MedicationPlanDto, NewMedicationPlanDto } from './reminders.dto.js';

@ApiTags('reminders')
@ApiBearerAuth()
@Controller('clients/:clientId/medication-plans')
export class MedicationPlansController {
  constructor(private readonly plans: MedicationPlans) {}

  @Get()
  @ApiOperation({ summary: "The client's medication reminder plans (clinical:read)" })
  @ApiOkResponse({ type: [MedicationPlanDto] })
  @ApiProblems(401, 403, 404)
  list(@CurrentActor() actor: Actor, @Param('clientId') clientId: string): Promise<MedicationPlanView[]> {
    return this.plans.list(actor, clientId);
  }

  @Post()
  @ApiOperation({ summary: 'Plan medication reminders: daily, weekly, every N weeks or monthly, with advance notices (clinical:write)' })
  @ApiCreatedResponse({ type: MedicationPlanDto })
  @ApiProblems(400, 401, 403, 404, 422)
  create(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Body() dto: NewMedicationPlanDto): Promise<MedicationPlanView> {
    return this.plans.create(actor, clientId, dto);
  }

  @Post(':planId/stop')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop a plan: its pending reminders are cancelled (clinical:write)' })
  @ApiOkResponse({ type: MedicationPlanDto })
  @ApiProblems(401, 403, 404)
  stop(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Param('planId') planId: string): Promise<MedicationPlanView> {
    return this.plans.stop(actor, clientId, planId);
  }
}

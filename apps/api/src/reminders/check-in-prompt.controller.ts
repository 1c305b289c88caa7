import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '@attune/identity';
import { Problem } from '@attune/platform';
import { CheckInPrompts, type CheckInPromptPlan } from '@attune/reminders';
import { ApiProblems } from '../common/problem.schema.js';
import { CheckInPromptDto, SetCheckInPromptDto } from './reminders.dto.js';

@ApiTags('reminders')
@ApiBearerAuth()
@Controller('clients/:clientId/check-in-prompt')
export class CheckInPromptController {
  constructor(private readonly prompts: CheckInPrompts) {}

  @Get()
  @ApiOperation({ summary: "The client's daily check-in prompt time and the next prompts (clinical:read)" })
  @ApiOkResponse({ type: CheckInPromptDto })
  @ApiProblems(401, 403, 404)
  async get(@CurrentActor() actor: Actor, @Param('clientId') clientId: string): Promise<CheckInPromptPlan> {
    const plan = await this.prompts.get(actor, clientId);
    if (!plan) throw Problem.notFound('check-in prompt');
    return plan;
  }

  @Put()
  @ApiOperation({ summary: 'Set the daily check-in prompt time, local to the client (clinical:write: the client or their team)' })
  @ApiOkResponse({ type: CheckInPromptDto })
  @ApiProblems(400, 401, 403, 404)
  set(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Body() dto: SetCheckInPromptDto): Promise<CheckInPromptPlan> {
    return this.prompts.set(actor, clientId, dto);
  }
}

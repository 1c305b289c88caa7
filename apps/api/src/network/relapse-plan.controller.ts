import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '@attune/identity';
import {
  RelapsePlans,
  type CopingSteps,
  type PlanVersionView,
  type PlanView,
  type ProposalView,
} from '@attune/network';
import { ApiProblems } from '../common/problem.schema.js';
import {
  CopingStepsDto,
  EditPlanDto,
  PlanDto,
  PlanTextDto,
  PlanVersionDto,
  ProposalDto,
  ProposePlanDto,
} from './relapse-plan.dto.js';

@ApiTags('network')
@ApiBearerAuth()
@Controller('clients/:clientId/relapse-plan')
export class RelapsePlanController {
  constructor(private readonly plans: RelapsePlans) {}

  @Get()
  @ApiOperation({
    summary: 'The current relapse-prevention plan (plan:read); version 0 and empty before the first',
  })
  @ApiOkResponse({ type: PlanDto })
  @ApiProblems(401, 403, 404)
  current(@CurrentActor() actor: Actor, @Param('clientId') clientId: string): Promise<PlanView> {
    return this.plans.current(actor, clientId);
  }

  @Put()
  @ApiOperation({
    summary: 'The client edits their plan (plan:write: the client only) on baseVersion; a stale base → 409',
  })
  @ApiOkResponse({ type: PlanVersionDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  edit(
    @CurrentActor() actor: Actor,
    @Param('clientId') clientId: string,
    @Body() dto: EditPlanDto,
  ): Promise<PlanVersionView> {
    return this.plans.edit(actor, clientId, dto.baseVersion, dto.content);
  }

  @Get('versions')
  @ApiOperation({
    summary: 'Every version, newest first: who changed which sections, when, and from which proposal',
  })
  @ApiOkResponse({ type: [PlanVersionDto] })
  @ApiProblems(401, 403, 404)
  versions(@CurrentActor() actor: Actor, @Param('clientId') clientId: string): Promise<PlanVersionView[]> {
    return this.plans.versions(actor, clientId);
  }

  @Post('proposals')
  @ApiOperation({
    summary:
      'The care team proposes a new version made on baseVersion (plan:propose); a stale base → 409, nothing written',
  })
  @ApiCreatedResponse({ type: ProposalDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  propose(
    @CurrentActor() actor: Actor,
    @Param('clientId') clientId: string,
    @Body() dto: ProposePlanDto,
  ): Promise<ProposalView> {
    return this.plans.propose(actor, clientId, dto.baseVersion, dto.content, dto.note ?? null);
  }

  @Get('proposals')
  @ApiOperation({ summary: 'Proposals, newest first, with their status' })
  @ApiOkResponse({ type: [ProposalDto] })
  @ApiProblems(401, 403, 404)
  proposals(@CurrentActor() actor: Actor, @Param('clientId') clientId: string): Promise<ProposalView[]> {
    return this.plans.proposals(actor, clientId);
  }

  @Post('proposals/:proposalId/accept')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'The client accepts a proposal: version N+1 if its base N is still current, else 409 and nothing written',
  })
  @ApiOkResponse({ type: PlanVersionDto })
  @ApiProblems(401, 403, 404, 409, 422)
  accept(
    @CurrentActor() actor: Actor,
    @Param('clientId') clientId: string,
    @Param('proposalId') proposalId: string,
  ): Promise<PlanVersionView> {
    return this.plans.accept(actor, clientId, proposalId);
  }

  @Post('proposals/:proposalId/decline')
  @HttpCode(200)
  @ApiOperation({ summary: 'The client declines a proposal' })
  @ApiOkResponse({ type: ProposalDto })
  @ApiProblems(401, 403, 404, 409)
  decline(
    @CurrentActor() actor: Actor,
    @Param('clientId') clientId: string,
    @Param('proposalId') proposalId: string,
  ): Promise<ProposalView> {
    return this.plans.decline(actor, clientId, proposalId);
  }

  @Get('text')
  @ApiOperation({
    summary:
      'The plan as one SMS of at most 3 segments: crisis lines, people to call by first name, coping steps; no third-party labels',
  })
  @ApiOkResponse({ type: PlanTextDto })
  @ApiProblems(401, 403, 404)
  text(
    @CurrentActor() actor: Actor,
    @Param('clientId') clientId: string,
  ): Promise<{ version: number; text: string; segments: number }> {
    return this.plans.text(actor, clientId);
  }

  @Get('coping')
  @ApiOperation({
    summary:
      'The coping steps only: coping strategies and crisis lines (plan:read, or plan:coping for a supporter)',
  })
  @ApiOkResponse({ type: CopingStepsDto })
  @ApiProblems(401, 403, 404)
  coping(@CurrentActor() actor: Actor, @Param('clientId') clientId: string): Promise<CopingSteps> {
    return this.plans.coping(actor, clientId);
  }
}

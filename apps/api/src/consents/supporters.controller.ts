import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FamilyInvitations, SupporterViews } from '@attune/consent';
import { CurrentActor, type Actor } from '@attune/identity';
import { RelapsePlans } from '@attune/network';
import { ApiProblems } from '../common/problem.schema.js';
import { FamilyInvitationDto } from './consent.dto.js';

/**
 * What supporters read (each read by a supporter is a disclosure: the body carries the §2.32 notice and the
 * consent's scope) and family-session invitations. The team and the client read the same routes as a use.
 */
@ApiTags('supporters')
@ApiBearerAuth()
@Controller()
export class SupportersController {
  constructor(
    private readonly views: SupporterViews,
    private readonly invitations: FamilyInvitations,
    private readonly plans: RelapsePlans,
  ) {}

  @Get('supporter/consents')
  @ApiOperation({ summary: "A supporter's own active consents: what they may receive, from whom, until when" })
  @ApiOkResponse({ description: 'Active consents naming the signed-in supporter' })
  @ApiProblems(401, 403)
  myConsents(@CurrentActor() actor: Actor) {
    return this.views.myConsents(actor);
  }

  @Get('clients/:clientId/family-sessions')
  @ApiOperation({ summary: 'Upcoming family sessions (sessions:family). A supporter sees only those they are invited to, with their join link.' })
  @ApiOkResponse({ description: '{ data, disclosure }: disclosure holds the notice and consent scope when a supporter reads' })
  @ApiProblems(401, 403, 404)
  familySessions(@CurrentActor() actor: Actor, @Param('clientId') clientId: string) {
    return this.views.familySessions(actor, clientId);
  }

  @Get('clients/:clientId/coping-steps')
  @ApiOperation({ summary: "The relapse-prevention plan's coping steps and crisis lines only (plan:coping): no people, no labels" })
  @ApiOkResponse({ description: '{ data, disclosure }' })
  @ApiProblems(401, 403, 404)
  copingSteps(@CurrentActor() actor: Actor, @Param('clientId') clientId: string) {
    return this.plans.copingSteps(actor, clientId);
  }

  @Get('clients/:clientId/progress-summary')
  @ApiOperation({ summary: 'A short progress summary (progress:summary): weeks in the programme, sessions attended, next session, and the curriculum week and % done (figures only)' })
  @ApiOkResponse({ description: '{ data, disclosure }' })
  @ApiProblems(401, 403, 404)
  progressSummary(@CurrentActor() actor: Actor, @Param('clientId') clientId: string) {
    return this.views.progressSummary(actor, clientId);
  }

  @Post('clients/:clientId/visits/:visitId/family-invitations')
  @ApiOperation({ summary: 'Invite a supporter to a visit (the care team). Needs their active consent with sessions:family (else 409, nothing sent); they get a lobby join link by SMS.' })
  @ApiCreatedResponse({ description: 'The invitation and its accounting entry' })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  invite(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Param('visitId') visitId: string, @Body() dto: FamilyInvitationDto) {
    return this.invitations.invite(actor, clientId, visitId, dto.supporterUserId);
  }
}

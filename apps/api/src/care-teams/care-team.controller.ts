import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CareTeams, type CareTeamMember, type CareTeamView, type HandoffResult } from '@attune/care';
import { CurrentActor, type Actor } from '@attune/identity';
import { ApiProblems } from '../common/problem.schema.js';
import { AddMemberDto, CareTeamDto, CareTeamMemberDto, EndMembershipDto, HandoffDto, HandoffResultDto } from './care-team.dto.js';

@ApiTags('care teams')
@ApiBearerAuth()
@Controller('clients/:clientId/care-team')
export class CareTeamController {
  constructor(private readonly teams: CareTeams) {}

  @Get()
  @ApiOperation({ summary: 'The care team now, the roles it lacks, who joins next and who has left (team:read)' })
  @ApiOkResponse({ type: CareTeamDto })
  @ApiProblems(401, 403, 404)
  view(@CurrentActor() actor: Actor, @Param('clientId') clientId: string): Promise<CareTeamView> {
    return this.teams.view(actor, clientId);
  }

  @Post()
  @ApiOperation({ summary: 'Add a staff member to the care team (team:manage: admin or supervisor)' })
  @ApiCreatedResponse({ type: CareTeamMemberDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  add(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Body() dto: AddMemberDto): Promise<CareTeamMember> {
    return this.teams.add(actor, clientId, dto);
  }

  @Post('handoffs')
  @ApiOperation({ summary: 'Hand a role over: one membership ends as the other starts (team:manage)' })
  @ApiCreatedResponse({ type: HandoffResultDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  handoff(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Body() dto: HandoffDto): Promise<HandoffResult> {
    return this.teams.handoff(actor, clientId, dto);
  }

  @Post(':membershipId/end')
  @HttpCode(200)
  @ApiOperation({ summary: 'End a membership; it stays in the history (team:manage)' })
  @ApiOkResponse({ type: CareTeamMemberDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  end(
    @CurrentActor() actor: Actor,
    @Param('clientId') clientId: string,
    @Param('membershipId') membershipId: string,
    @Body() dto: EndMembershipDto,
  ): Promise<CareTeamMember> {
    return this.teams.end(actor, clientId, membershipId, dto.at);
  }
}

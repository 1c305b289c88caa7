import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '@attune/identity';
import { ApiProblems } from '../common/problem.schema.js';
import { PresenceDto } from '../messaging/message.dto.js';
import { Presence, type PresenceView } from './presence.js';

@ApiTags('messaging')
@ApiBearerAuth()
@Controller('clients/:clientId/presence')
export class PresenceController {
  constructor(private readonly presence: Presence) {}

  @Get()
  @ApiOperation({ summary: "Who of the client's care team is online (team:read); staff also see the client. A client's presence is shown to their team only." })
  @ApiOkResponse({ type: [PresenceDto] })
  @ApiProblems(401, 403, 404)
  team(@CurrentActor() actor: Actor, @Param('clientId') clientId: string): Promise<PresenceView[]> {
    return this.presence.ofTeam(actor, clientId);
  }
}

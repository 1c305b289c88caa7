import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BreakGlass, type OpenedGrant } from '@attune/care';
import { CurrentActor, type Actor } from '@attune/identity';
import { ApiProblems } from '../common/problem.schema.js';
import { BreakGlassGrantDto, OpenBreakGlassDto } from './break-glass.dto.js';

@ApiTags('break-glass')
@ApiBearerAuth()
@Controller('clients/:clientId/break-glass')
export class BreakGlassController {
  constructor(private readonly breakGlass: BreakGlass) {}

  @Post()
  @ApiOperation({
    summary: "Open emergency read access to a client's record (staff not on the team)",
    description: 'Audited with the reason; the staff member\'s supervisor is notified in the app and by email.',
  })
  @ApiCreatedResponse({ type: BreakGlassGrantDto })
  @ApiProblems(400, 401, 403, 404, 422)
  open(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Body() dto: OpenBreakGlassDto): Promise<OpenedGrant> {
    return this.breakGlass.open(actor, clientId, dto.reason);
  }
}

import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientRegistry, type ClientProfile } from '@attune/care';
import { CurrentActor, type Actor } from '@attune/identity';
import { ApiProblems } from '../common/problem.schema.js';
import { ClientProfileDto } from './client.dto.js';

@ApiTags('clients')
@ApiBearerAuth()
@Controller('me')
export class MyClientController {
  constructor(private readonly registry: ClientRegistry) {}

  @Get('client')
  @ApiOperation({ summary: 'The signed-in client\'s own record (staff: 404)' })
  @ApiOkResponse({ type: ClientProfileDto })
  @ApiProblems(401, 404)
  own(@CurrentActor() actor: Actor): Promise<ClientProfile> {
    return this.registry.ownProfile(actor);
  }
}

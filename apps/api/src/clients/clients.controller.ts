import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientRegistry, type ClientProfile } from '@attune/care';
import { CurrentActor, type Actor } from '@attune/identity';
import { ApiProblems } from '../common/problem.schema.js';
import { ClientProfileDto, RegisterClientDto, UpdateClientDto } from './client.dto.js';

@ApiTags('clients')
@ApiBearerAuth()
@Controller('clients')
export class ClientsController {
  constructor(private readonly registry: ClientRegistry) {}

  @Post()
  @ApiOperation({ summary: 'Register a client (admin): sign-in account and record in one step' })
  @ApiCreatedResponse({ type: ClientProfileDto })
  @ApiProblems(400, 401, 403, 409, 422)
  register(@CurrentActor() actor: Actor, @Body() dto: RegisterClientDto): Promise<ClientProfile> {
    return this.registry.register(actor, dto);
  }

  @Get(':clientId')
  @ApiOperation({ summary: "A client's record (client:read)" })
  @ApiOkResponse({ type: ClientProfileDto })
  @ApiProblems(401, 403, 404)
  profile(@CurrentActor() actor: Actor, @Param('clientId') clientId: string): Promise<ClientProfile> {
    return this.registry.profile(actor, clientId);
  }

  @Patch(':clientId')
  @ApiOperation({ summary: "Change a client's record or status (client:update)" })
  @ApiOkResponse({ type: ClientProfileDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  update(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Body() dto: UpdateClientDto): Promise<ClientProfile> {
    return this.registry.update(actor, clientId, dto);
  }
}

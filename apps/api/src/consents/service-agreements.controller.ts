import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ServiceAgreements } from '@attune/consent';
import { CurrentActor, type Actor } from '@attune/identity';
import { ApiProblems } from '../common/problem.schema.js';
import { ServiceAgreementDto } from './consent.dto.js';

/** Service-provider agreements per integration (admins): vendors are covered by these, not by client consent. */
@ApiTags('consents')
@ApiBearerAuth()
@Controller('service-provider-agreements')
export class ServiceAgreementsController {
  constructor(private readonly agreements: ServiceAgreements) {}

  @Get()
  @ApiOperation({ summary: "The programme's service-provider agreements (SMS, email, video, hosting)" })
  @ApiOkResponse({ description: 'Agreements, live and ended' })
  @ApiProblems(401, 403)
  list(@CurrentActor() actor: Actor) {
    return this.agreements.list(actor);
  }

  @Post()
  @ApiOperation({ summary: 'Record a service-provider agreement for an integration (409 if that vendor already has a live one)' })
  @ApiCreatedResponse({ description: 'The agreement' })
  @ApiProblems(400, 401, 403, 409, 422)
  record(@CurrentActor() actor: Actor, @Body() dto: ServiceAgreementDto) {
    return this.agreements.record(actor, dto);
  }

  @Post(':agreementId/end')
  @HttpCode(200)
  @ApiOperation({ summary: 'End an agreement' })
  @ApiOkResponse({ description: 'The agreement, ended' })
  @ApiProblems(401, 403, 404)
  end(@CurrentActor() actor: Actor, @Param('agreementId') agreementId: string) {
    return this.agreements.end(actor, agreementId);
  }
}

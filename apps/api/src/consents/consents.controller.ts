import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Consents, DisclosureAccounting, type ConsentView } from '@attune/consent';
import { CurrentActor, type Actor } from '@attune/identity';
import { ApiProblems } from '../common/problem.schema.js';
import { AccountingQueryDto, EmergencyDisclosureDto, RecordConsentDto, RevokeConsentDto } from './consent.dto.js';

@ApiTags('consents')
@ApiBearerAuth()
@Controller('clients/:clientId')
export class ConsentsController {
  constructor(
    private readonly consents: Consents,
    private readonly accounting: DisclosureAccounting,
  ) {}

  @Post('consents')
  @ApiOperation({ summary: 'Record a signed 42 CFR Part 2 consent (the care team). A missing §2.31 element or a past expiry is 422 naming it; nothing is written.' })
  @ApiCreatedResponse({ description: 'The consent; a supporter recipient gets a supporter account (recipient.supporterUserId)' })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  record(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Body() dto: RecordConsentDto): Promise<ConsentView> {
    return this.consents.record(actor, clientId, dto);
  }

  @Get('consents')
  @ApiOperation({ summary: "The client's consents, newest first (the client, their team, a supervisor)" })
  @ApiOkResponse({ description: 'Consents with status active, revoked or expired' })
  @ApiProblems(401, 403, 404)
  list(@CurrentActor() actor: Actor, @Param('clientId') clientId: string): Promise<ConsentView[]> {
    return this.consents.list(actor, clientId);
  }

  @Get('consents/:consentId/document')
  @ApiOperation({ summary: 'Download the exact text the client signed (plain text)' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'The signed consent text' })
  @ApiProblems(401, 403, 404)
  async document(
    @CurrentActor() actor: Actor,
    @Param('clientId') clientId: string,
    @Param('consentId') consentId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const text = await this.consents.document(actor, clientId, consentId);
    void reply.type('text/plain; charset=utf-8').header('content-disposition', `attachment; filename="consent-${consentId}.txt"`).header('cache-control', 'no-store');
    return text;
  }

  @Post('consents/:consentId/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a consent in writing (the client or their team): a supporter loses access at once, open sockets included' })
  @ApiOkResponse({ description: 'The consent, now revoked' })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  revoke(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Param('consentId') consentId: string, @Body() dto: RevokeConsentDto): Promise<ConsentView> {
    return this.consents.revoke(actor, clientId, consentId, dto.statement);
  }

  @Get('disclosures')
  @ApiOperation({ summary: 'The accounting of disclosures for the last three years (42 CFR 2.25): date, recipient, description, purpose, with the notice sent' })
  @ApiOkResponse({ description: 'Disclosures newest first, or summaries per recipient and purpose' })
  @ApiProblems(400, 401, 403, 404)
  disclosures(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Query() query: AccountingQueryDto) {
    return this.accounting.accounting(actor, clientId, query.summarise === 'true');
  }

  @Post('emergency-disclosures')
  @ApiOperation({ summary: 'Record a disclosure made in a medical emergency (42 CFR 2.51): who, to whom, when, why' })
  @ApiCreatedResponse({ description: 'The recorded disclosure (it appears in the accounting)' })
  @ApiProblems(400, 401, 403, 404, 422)
  emergency(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Body() dto: EmergencyDisclosureDto) {
    return this.accounting.recordEmergency(actor, clientId, dto);
  }
}

import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, type Actor } from '@attune/identity';
import { Referrals, type ReferralView } from '@attune/network';
import { ApiProblems } from '../common/problem.schema.js';
import { ChangeReferralStatusDto, CreateReferralDto, ReferralDto, ReferralListQueryDto, SendReferralDto } from './referrals.dto.js';

@ApiTags('referrals')
@ApiBearerAuth()
@Controller('clients/:clientId/referrals')
export class ReferralsController {
  constructor(private readonly referrals: Referrals) {}

  @Post()
  @ApiOperation({ summary: 'Refer the client to a service of the directory (referrals:write), or record a self-referral (kind self: referrals:record-self, no disclosure)' })
  @ApiOkResponse({ type: ReferralDto })
  @ApiProblems(400, 401, 403, 404, 422)
  create(@CurrentActor() actor: Actor, @Param('clientId', ParseUUIDPipe) clientId: string, @Body() dto: CreateReferralDto): Promise<ReferralView> {
    return this.referrals.create(actor, clientId, { serviceId: dto.serviceId, kind: dto.kind ?? 'staff', note: dto.note });
  }

  @Get()
  @ApiOperation({ summary: 'Referrals, newest first, closed ones included; overdue=true: follow-up date passed and not closed (referrals:read)' })
  @ApiOkResponse({ type: [ReferralDto] })
  @ApiProblems(400, 401, 403, 404)
  list(@CurrentActor() actor: Actor, @Param('clientId', ParseUUIDPipe) clientId: string, @Query() query: ReferralListQueryDto): Promise<ReferralView[]> {
    return this.referrals.list(actor, clientId, { overdue: query.overdue === 'true' });
  }

  @Get(':referralId')
  @ApiOperation({ summary: 'One referral with its status history (referrals:read)' })
  @ApiOkResponse({ type: ReferralDto })
  @ApiProblems(401, 403, 404)
  get(@CurrentActor() actor: Actor, @Param('clientId', ParseUUIDPipe) clientId: string, @Param('referralId') referralId: string): Promise<ReferralView> {
    return this.referrals.get(actor, clientId, referralId);
  }

  @Post(':referralId/send')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a suggested referral by email or letter: a disclosure under an active consent (403 without one, nothing sent); plans a follow-up reminder' })
  @ApiOkResponse({ type: ReferralDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  send(@CurrentActor() actor: Actor, @Param('clientId', ParseUUIDPipe) clientId: string, @Param('referralId') referralId: string, @Body() dto: SendReferralDto): Promise<ReferralView> {
    return this.referrals.send(actor, clientId, referralId, dto);
  }

  @Post(':referralId/status')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a referral to accepted, connected or closed (with an outcome); 409 on an illegal move; closing cancels the follow-up' })
  @ApiOkResponse({ type: ReferralDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  status(@CurrentActor() actor: Actor, @Param('clientId', ParseUUIDPipe) clientId: string, @Param('referralId') referralId: string, @Body() dto: ChangeReferralStatusDto): Promise<ReferralView> {
    return this.referrals.changeStatus(actor, clientId, referralId, dto);
  }

  @Get(':referralId/letter')
  @ApiOperation({ summary: 'The printable letter of a sent referral with the §2.32 notice (text/plain)' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'The letter as plain text, ending with the 42 CFR 2.32 notice', schema: { type: 'string' } })
  @ApiProblems(401, 403, 404, 409)
  async letter(@CurrentActor() actor: Actor, @Param('clientId', ParseUUIDPipe) clientId: string, @Param('referralId') referralId: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const letter = await this.referrals.letter(actor, clientId, referralId);
    void reply.header('content-type', 'text/plain; charset=utf-8');
    return letter.text;
  }
}

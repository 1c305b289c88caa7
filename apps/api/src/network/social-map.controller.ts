import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, type Actor } from '@attune/identity';
import {
  ContactLog,
  NetworkMetrics,
  SocialMap,
  type ContactView,
  type NetworkMetricsView,
  type SocialPersonChange,
  type SocialPersonView,
} from '@attune/network';
import { ApiProblems } from '../common/problem.schema.js';
import {
  ContactDto,
  ContactQueryDto,
  MetricsQueryDto,
  NetworkMetricsDto,
  NewContactDto,
  NewSocialPersonDto,
  SocialPersonChangeDto,
  SocialPersonDto,
  SocialPersonPatchDto,
} from './social-map.dto.js';

@ApiTags('network')
@ApiBearerAuth()
@Controller('clients/:clientId')
export class SocialMapController {
  constructor(
    private readonly map: SocialMap,
    private readonly contacts: ContactLog,
    private readonly metrics: NetworkMetrics,
  ) {}

  @Get('social-map')
  @ApiOperation({
    summary:
      "The client's social map with labels (network:read: the care team, a supervisor, break-glass, the client)",
  })
  @ApiOkResponse({ type: [SocialPersonDto] })
  @ApiProblems(401, 403, 404)
  list(@CurrentActor() actor: Actor, @Param('clientId') clientId: string): Promise<SocialPersonView[]> {
    return this.map.list(actor, clientId);
  }

  @Post('social-map/people')
  @ApiOperation({ summary: 'Add a person to the map (network:write: the client and their care team)' })
  @ApiCreatedResponse({ type: SocialPersonDto })
  @ApiProblems(400, 401, 403, 404, 422)
  add(
    @CurrentActor() actor: Actor,
    @Param('clientId') clientId: string,
    @Body() dto: NewSocialPersonDto,
  ): Promise<SocialPersonView> {
    return this.map.add(actor, clientId, dto);
  }

  @Patch('social-map/people/:personId')
  @ApiOperation({ summary: 'Change a person on the map; the history records who changed which fields, when' })
  @ApiOkResponse({ type: SocialPersonDto })
  @ApiProblems(400, 401, 403, 404, 422)
  update(
    @CurrentActor() actor: Actor,
    @Param('clientId') clientId: string,
    @Param('personId') personId: string,
    @Body() dto: SocialPersonPatchDto,
  ): Promise<SocialPersonView> {
    return this.map.update(actor, clientId, personId, dto);
  }

  @Delete('social-map/people/:personId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Take a person off the map (their history and past contacts stay)' })
  @ApiNoContentResponse()
  @ApiProblems(401, 403, 404)
  async remove(
    @CurrentActor() actor: Actor,
    @Param('clientId') clientId: string,
    @Param('personId') personId: string,
  ): Promise<void> {
    await this.map.remove(actor, clientId, personId);
  }

  @Get('social-map/history')
  @ApiOperation({ summary: 'Every change to the map, newest first, with the state after it' })
  @ApiOkResponse({ type: [SocialPersonChangeDto] })
  @ApiProblems(401, 403, 404)
  history(@CurrentActor() actor: Actor, @Param('clientId') clientId: string): Promise<SocialPersonChange[]> {
    return this.map.history(actor, clientId);
  }

  @Get('social-map/metrics')
  @ApiOperation({
    summary:
      "Per ISO week in the client's zone: supportive people, contacts and the share with supportive people, beside the latest SPS",
  })
  @ApiOkResponse({ type: NetworkMetricsDto })
  @ApiProblems(400, 401, 403, 404, 422)
  weekly(
    @CurrentActor() actor: Actor,
    @Param('clientId') clientId: string,
    @Query() query: MetricsQueryDto,
  ): Promise<NetworkMetricsView> {
    return this.metrics.weekly(actor, clientId, query);
  }

  @Post('contacts')
  @ApiOperation({
    summary:
      'Log a contact with someone on the map (network:write); source is the client or staff, by who logs it',
  })
  @ApiCreatedResponse({ type: ContactDto })
  @ApiProblems(400, 401, 403, 404, 422)
  log(
    @CurrentActor() actor: Actor,
    @Param('clientId') clientId: string,
    @Body() dto: NewContactDto,
  ): Promise<ContactView> {
    return this.contacts.log(actor, clientId, {
      personId: dto.personId,
      at: dto.at,
      how: dto.how,
      helped: dto.helped ?? null,
    });
  }

  @Get('contacts')
  @ApiOperation({ summary: 'The contact log, newest first (network:read)' })
  @ApiOkResponse({ type: [ContactDto] })
  @ApiProblems(400, 401, 403, 404)
  contactLog(
    @CurrentActor() actor: Actor,
    @Param('clientId') clientId: string,
    @Query() query: ContactQueryDto,
  ): Promise<ContactView[]> {
    return this.contacts.list(actor, clientId, query);
  }
}

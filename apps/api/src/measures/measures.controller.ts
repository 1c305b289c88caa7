import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RiskSettings, crisisResources } from '@attune/checkins';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '@attune/identity';
import { MeasureResponses, safetyFlags, type MeasureResponseView } from '@attune/measures';
import type { CrisisResource } from '@attune/platform';
import { ApiProblems } from '../common/problem.schema.js';
import { InstrumentDto, MeasureQueryDto, MeasureResponseDto, SubmitMeasureDto } from './measure.dto.js';

@ApiTags('measures')
@ApiBearerAuth()
@Controller('instruments')
export class InstrumentsController {
  constructor(private readonly measures: MeasureResponses) {}

  @Get()
  @ApiOperation({ summary: 'The outcome measures by code: items numbered from 1 with their answer ranges, unscored items and skip rules (anyone signed in)' })
  @ApiOkResponse({ type: [InstrumentDto] })
  @ApiProblems(401)
  list(): InstrumentDto[] {
    return this.measures.instruments();
  }
}

@ApiTags('measures')
@ApiBearerAuth()
@Controller('clients/:clientId/measures')
export class MeasuresController {
  constructor(
    private readonly measures: MeasureResponses,
    private readonly risk: RiskSettings,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Submit answers to an instrument and get the scores (measures:submit: the client or their care team; a clinical instrument also needs measures:read, so a peer coach submits the SPS and the BAM only). 422 names every wrong item.',
  })
  @ApiCreatedResponse({ type: MeasureResponseDto, description: 'With crisisResources (988 and the programme crisis line) when PHQ-9 item 9 is above 0' })
  @ApiProblems(400, 401, 403, 404, 422)
  async submit(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Body() dto: SubmitMeasureDto): Promise<MeasureResponseView & { crisisResources?: CrisisResource[] }> {
    const response = await this.measures.submit(actor, clientId, dto.instrument, dto.answers);
    // A PHQ-9 self-harm answer: where to get help now, in the same response (the alert went to the team).
    if (!safetyFlags(response.instrument, response.answers).includes('phq9_item9')) return response;
    return { ...response, crisisResources: crisisResources(await this.risk.rules(this.db.manager, actor.organizationId)) };
  }

  @Get()
  @ApiOperation({ summary: "The client's responses, newest first: every instrument (measures:read) or the SPS and the BAM only (measures:read-social: the peer coach)" })
  @ApiOkResponse({ type: [MeasureResponseDto] })
  @ApiProblems(400, 401, 403, 404, 422)
  list(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Query() query: MeasureQueryDto): Promise<MeasureResponseView[]> {
    return this.measures.list(actor, clientId, query.instrument);
  }
}

import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '@attune/identity';
import { MeasureResponses, type MeasureResponseView } from '@attune/measures';
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
  constructor(private readonly measures: MeasureResponses) {}

  @Post()
  @ApiOperation({
    summary: 'Submit answers to an instrument and get the scores (measures:submit: the client or their care team; a clinical instrument also needs measures:read, so a peer coach submits the SPS and the BAM only). 422 names every wrong item.',
  })
  @ApiCreatedResponse({ type: MeasureResponseDto })
  @ApiProblems(400, 401, 403, 404, 422)
  submit(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Body() dto: SubmitMeasureDto): Promise<MeasureResponseView> {
    return this.measures.submit(actor, clientId, dto.instrument, dto.answers);
  }

  @Get()
  @ApiOperation({ summary: "The client's responses, newest first: every instrument (measures:read) or the SPS and the BAM only (measures:read-social: the peer coach)" })
  @ApiOkResponse({ type: [MeasureResponseDto] })
  @ApiProblems(400, 401, 403, 404, 422)
  list(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Query() query: MeasureQueryDto): Promise<MeasureResponseView[]> {
    return this.measures.list(actor, clientId, query.instrument);
  }
}

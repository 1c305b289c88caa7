import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { INSTRUMENT_CODES, type InstrumentCode, type MeasureResponseView } from '@attune/measures';

const SCORES_EXAMPLE = { anxiety: 3.28, avoidance: 2.5 };

export class SubmitMeasureDto {
  @ApiProperty({ enum: INSTRUMENT_CODES, example: 'PHQ-9', description: 'An unknown code is refused with 422 naming `instrument`' })
  @IsString() @MaxLength(20) instrument: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { 1: 1, 2: 0, 3: 2, 4: 1, 5: 0, 6: 1, 7: 0, 8: 0, 9: 0 },
    description: 'Answers by item key as the instrument numbers them ("1"…, and "7A"… for the BAM). Every asked item, in range; items the form skips are left out. 422 names each wrong item as answers.<key>.',
  })
  @IsObject() answers: Record<string, unknown>;
}

export class MeasureQueryDto {
  @ApiPropertyOptional({ enum: INSTRUMENT_CODES, description: 'Only this instrument (403 when you may not read it)' })
  @IsOptional() @IsString() instrument?: string;
}

export class MeasureResponseDto implements MeasureResponseView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: INSTRUMENT_CODES }) instrument: InstrumentCode;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { 1: 1, 2: 0 } }) answers: Record<string, number>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'number' }, { type: 'string' }] },
    example: SCORES_EXAMPLE,
    description: 'Keyed as the instrument scores: ECR-R anxiety, avoidance; RFQ-8 rfq_c, rfq_u; SPS attachment, social_integration, reassurance_of_worth, reliable_alliance, guidance, opportunity_for_nurturance, total; PHQ-9 and GAD-7 total, severity; BAM use, risk, protective',
  })
  scores: Record<string, number | string>;
  @ApiProperty({ type: String, format: 'date-time' }) submittedAt: Date;
}

export class InstrumentItemDto {
  @ApiProperty({ example: '1', description: '"1", "2", … and "7A"… for the BAM' }) key: string;
  @ApiProperty({ example: 1 }) min: number;
  @ApiProperty({ example: 7 }) max: number;
}

export class InstrumentDto {
  @ApiProperty({ enum: INSTRUMENT_CODES }) code: InstrumentCode;
  @ApiProperty({ example: 'Experiences in Close Relationships – Revised' }) name: string;
  @ApiProperty() licence: string;
  @ApiProperty({ description: 'What the scores mean: the direction of improvement' }) interpretation: string;
  @ApiProperty({ type: [InstrumentItemDto] }) items: InstrumentItemDto[];
  @ApiProperty({ type: [String], example: ['7A', '17'], description: 'Items recorded but not scored' }) unscored: string[];
  @ApiProperty({ type: String, nullable: true, description: 'Which items the form skips, in words (the BAM)' }) skipRule: string | null;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { PLAN_STATUSES } from '@attune/curriculum';
import { INSTRUMENT_CODES } from '@attune/measures';

export class EnrolDto {
  @ApiPropertyOptional({ format: 'uuid', description: "A template version's id; the organisation's default template (latest version) when left out" })
  @IsOptional() @IsUUID() templateVersionId?: string;
}

export class MoveVersionDto {
  @ApiProperty({ format: 'uuid', description: 'The version to move the client to, on purpose (an edit of a template never moves anyone)' })
  @IsUUID() templateVersionId: string;
}

export class ActivityChangeDto {
  @ApiPropertyOptional({ enum: PLAN_STATUSES }) @IsOptional() @IsIn(PLAN_STATUSES) status?: string;
  @ApiPropertyOptional({ description: 'Required when status is skipped', maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500) skipReason?: string;
  @ApiPropertyOptional({ description: "The client's reflection (the client alone writes it; never logged)", maxLength: 10000 })
  @IsOptional() @IsString() @MaxLength(10_000) reflection?: string;
}

export class SignOffDto {
  @ApiPropertyOptional({ description: "The team's review note", maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class SkipModuleDto {
  @ApiProperty({ description: 'Why the module is skipped', maxLength: 500 }) @IsString() @IsNotEmpty() @MaxLength(500) reason: string;
}

export class TemplateVersionQueryDto {
  @ApiPropertyOptional({ minimum: 1, description: 'A version number; the latest when left out' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) version?: number;
}

export class TrendQueryDto {
  @ApiProperty({ enum: INSTRUMENT_CODES }) @IsString() @MaxLength(20) instrument: string;
}

export class MeasureScheduleSettingsDto {
  @ApiProperty({ enum: INSTRUMENT_CODES, isArray: true, example: ['ECR-R', 'RFQ-8', 'SPS', 'PHQ-9', 'GAD-7', 'BAM'] })
  @IsArray() @ArrayMaxSize(6) @IsString({ each: true }) instruments: string[];
  @ApiProperty({ example: true }) @IsBoolean() atIntake: boolean;
  @ApiProperty({ example: 90, minimum: 7, maximum: 365 }) @IsInt() @Min(7) @Max(365) intervalDays: number;
  @ApiProperty({ example: true }) @IsBoolean() atDischarge: boolean;
}

/** Response bodies are described by their shape in words; the TypeScript interfaces in libs/curriculum are exact. */
export const OBJECT = { type: 'object' as const };
export const ARRAY = { type: 'array' as const, items: { type: 'object' as const } };

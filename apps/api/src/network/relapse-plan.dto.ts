import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  TRIGGER_CATEGORIES,
  type CrisisLine,
  type PlanContent,
  type PlanTrigger,
  type TriggerCategory,
} from '@attune/network';

const ITEMS = 20;
const TEXT = 300;

export class PlanTriggerDto implements PlanTrigger {
  @ApiProperty({ enum: TRIGGER_CATEGORIES }) @IsIn(TRIGGER_CATEGORIES) category: TriggerCategory;
  @ApiProperty({ example: 'Payday Fridays' }) @IsString() @MinLength(1) @MaxLength(TEXT) description: string;
}

export class CrisisLineDto implements CrisisLine {
  @ApiProperty({ example: '988 Lifeline' }) @IsString() @MinLength(1) @MaxLength(80) name: string;
  @ApiProperty({ example: '988' })
  @Matches(/^\+?[0-9 ()-]{3,20}$/, { message: '$property must be a phone number, e.g. 988 or +18005550100' })
  phone: string;
}

export class PlanContentDto implements PlanContent {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(ITEMS)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(TEXT, { each: true })
  warningSigns: string[];
  @ApiProperty({ type: [PlanTriggerDto] })
  @IsArray()
  @ArrayMaxSize(ITEMS)
  @ValidateNested({ each: true })
  @Type(() => PlanTriggerDto)
  triggers: PlanTriggerDto[];
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(ITEMS)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(TEXT, { each: true })
  copingStrategies: string[];
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'Social-map people, in the order to call them',
  })
  @IsArray()
  @ArrayMaxSize(ITEMS)
  @IsUUID('all', { each: true })
  peopleToCall: string[];
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(ITEMS)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(TEXT, { each: true })
  reasonsForRecovery: string[];
  @ApiProperty({ type: [CrisisLineDto] })
  @IsArray()
  @ArrayMaxSize(ITEMS)
  @ValidateNested({ each: true })
  @Type(() => CrisisLineDto)
  crisisLines: CrisisLineDto[];
}

export class EditPlanDto {
  @ApiProperty({
    example: 3,
    description: 'The version this edit was made on (0 for the first); another current version → 409',
  })
  @IsInt()
  @Min(0)
  baseVersion: number;
  @ApiProperty({ type: PlanContentDto })
  @ValidateNested()
  @Type(() => PlanContentDto)
  content: PlanContentDto;
}

export class ProposePlanDto extends EditPlanDto {
  @ApiPropertyOptional({ example: 'Added the Tuesday meeting as a coping step', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string | null;
}

export class PlanDto {
  @ApiProperty({ example: 3, description: '0 before the first version' }) version: number;
  @ApiProperty({ type: PlanContentDto }) content: PlanContent;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) changedBy: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) changedAt: Date | null;
}

export class PlanVersionDto extends PlanDto {
  @ApiProperty({ type: [String], example: ['copingStrategies'] }) changedFields: string[];
  @ApiProperty({ nullable: true, type: String }) changedByRole: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) proposalId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) proposedBy: string | null;
}

export class ProposalDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() baseVersion: number;
  @ApiProperty({ type: PlanContentDto }) content: PlanContent;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ enum: ['pending', 'accepted', 'declined'] }) status: 'pending' | 'accepted' | 'declined';
  @ApiProperty({ format: 'uuid' }) proposedBy: string;
  @ApiProperty({ type: String, format: 'date-time' }) proposedAt: Date;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) decidedBy: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) decidedAt: Date | null;
  @ApiProperty({ nullable: true, type: Number }) resultingVersion: number | null;
}

export class PlanTextDto {
  @ApiProperty() version: number;
  @ApiProperty({ example: 'My plan. Crisis: 988 Lifeline 988. Call: Rosa +13125550123. Cope: Walk the dog.' })
  text: string;
  @ApiProperty({ example: 1, description: 'SMS segments (at most 3)' }) segments: number;
}

export class CopingStepsDto {
  @ApiProperty() version: number;
  @ApiProperty({ type: [String] }) copingStrategies: string[];
  @ApiProperty({ type: [CrisisLineDto] }) crisisLines: CrisisLine[];
}

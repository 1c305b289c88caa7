import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import {
  CONTACT_CHANNELS,
  SOCIAL_LABELS,
  type ContactChannel,
  type ContactSource,
  type SocialLabel,
} from '@attune/network';
import { IsInstant } from '../clients/field-rules.js';

const PHONE = /^\+[1-9]\d{6,14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ISO_WEEK = /^\d{4}-W\d{2}$/;

export class NewSocialPersonDto {
  @ApiProperty({ example: 'Aunt Rosa', description: 'As the client names them; a nickname is fine' })
  @IsString()
  @MinLength(1)
  @MaxLength(80)
  name: string;

  @ApiPropertyOptional({ example: 'aunt', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  relationship?: string | null;

  @ApiProperty({
    enum: SOCIAL_LABELS,
    description: 'Stays inside the care team: never shown to supporters, in exports or texts',
  })
  @IsIn(SOCIAL_LABELS)
  label: SocialLabel;

  @ApiPropertyOptional({ default: false, description: 'In recovery themselves (stays inside the care team)' })
  @IsOptional()
  @IsBoolean()
  inRecovery?: boolean;

  @ApiPropertyOptional({ example: '+13125550123', nullable: true, description: 'E.164' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(PHONE, { message: '$property must be a phone number in E.164 format, e.g. +13125550123' })
  phone?: string | null;

  @ApiPropertyOptional({ example: 'rosa@example.org', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(EMAIL, { message: '$property must be an email address' })
  @MaxLength(200)
  email?: string | null;
}

export class SocialPersonPatchDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(80) name?: string;
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(80)
  relationship?: string | null;
  @ApiPropertyOptional({ enum: SOCIAL_LABELS }) @IsOptional() @IsIn(SOCIAL_LABELS) label?: SocialLabel;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() inRecovery?: boolean;
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(PHONE, { message: '$property must be a phone number in E.164 format, e.g. +13125550123' })
  phone?: string | null;
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(EMAIL, { message: '$property must be an email address' })
  @MaxLength(200)
  email?: string | null;
}

export class SocialPersonDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) relationship: string | null;
  @ApiProperty({ enum: SOCIAL_LABELS }) label: SocialLabel;
  @ApiProperty() inRecovery: boolean;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class SocialPersonChangeDto {
  @ApiProperty({ format: 'uuid' }) personId: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: [String], example: ['label'] }) changedFields: string[];
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) relationship: string | null;
  @ApiProperty({ enum: SOCIAL_LABELS }) label: SocialLabel;
  @ApiProperty() inRecovery: boolean;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty() removed: boolean;
  @ApiProperty({ format: 'uuid' }) changedBy: string;
  @ApiProperty({ example: 'peer_coach' }) changedByRole: string;
  @ApiProperty({ type: String, format: 'date-time' }) changedAt: Date;
}

export class NewContactDto {
  @ApiProperty({ format: 'uuid', description: "A person on the client's social map" })
  @IsString()
  personId: string;
  @ApiProperty({ type: String, format: 'date-time', example: '2026-03-08T21:30:00-06:00' })
  @IsInstant()
  at: Date;
  @ApiProperty({ enum: CONTACT_CHANNELS }) @IsIn(CONTACT_CHANNELS) how: ContactChannel;
  @ApiPropertyOptional({ nullable: true, description: 'Whether it helped; null or absent when not said' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsBoolean()
  helped?: boolean | null;
}

export class ContactDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) personId: string;
  @ApiProperty({ type: String, format: 'date-time' }) at: Date;
  @ApiProperty({ enum: CONTACT_CHANNELS }) how: ContactChannel;
  @ApiProperty({ nullable: true, type: Boolean }) helped: boolean | null;
  @ApiProperty({ enum: ['client', 'staff', 'checkin'] }) source: ContactSource;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) recordedBy: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) recordedAt: Date;
}

export class ContactQueryDto {
  @ApiPropertyOptional({ type: String, format: 'date-time' }) @IsOptional() @IsInstant() from?: Date;
  @ApiPropertyOptional({ type: String, format: 'date-time' }) @IsOptional() @IsInstant() to?: Date;
}

export class MetricsQueryDto {
  @ApiPropertyOptional({
    example: '2026-W02',
    description: "First ISO week, in the client's zone (default: 7 weeks before `to`)",
  })
  @IsOptional()
  @Matches(ISO_WEEK, { message: '$property must be an ISO week such as 2026-W10' })
  from?: string;
  @ApiPropertyOptional({
    example: '2026-W09',
    description: "Last ISO week (default: this week in the client's zone)",
  })
  @IsOptional()
  @Matches(ISO_WEEK, { message: '$property must be an ISO week such as 2026-W10' })
  to?: string;
}

export class WeeklyMetricsDto {
  @ApiProperty({ example: '2026-W10' }) week: string;
  @ApiProperty({ example: '2026-03-02' }) firstDate: string;
  @ApiProperty({ example: '2026-03-08' }) lastDate: string;
  @ApiProperty({ description: 'People labelled supportive on the map as the week ends' })
  supportivePeople: number;
  @ApiProperty() contacts: number;
  @ApiProperty({ description: 'Contacts with people labelled supportive at the time of the contact' })
  supportiveContacts: number;
  @ApiProperty({ nullable: true, type: Number, example: 0.6667 }) supportiveShare: number | null;
  @ApiProperty() helpedContacts: number;
}

export class SpsSnapshotDto {
  @ApiProperty({ type: String, format: 'date-time' }) submittedAt: Date;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { attachment: 11, guidance: 12, total: 66 },
  })
  scores: Record<string, number | string>;
}

export class NetworkMetricsDto {
  @ApiProperty({ example: 'Europe/Berlin' }) timeZone: string;
  @ApiProperty({ type: [WeeklyMetricsDto] }) weeks: WeeklyMetricsDto[];
  @ApiProperty({ type: SpsSnapshotDto, nullable: true, description: 'The latest SPS: subscales and total' })
  latestSps: SpsSnapshotDto | null;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { REFERRAL_OUTCOMES, REFERRAL_SCOPES, REFERRAL_STATUSES } from '@attune/network';

export class CreateReferralDto {
  @ApiProperty({ description: "An HSDS service id of the programme's directory" }) @IsString() @MinLength(1) @MaxLength(200) serviceId: string;
  @ApiPropertyOptional({ enum: ['staff', 'self'], default: 'staff', description: 'self: the client contacted the resource themselves' }) @IsOptional() @IsIn(['staff', 'self']) kind?: 'staff' | 'self';
  @ApiPropertyOptional({ maxLength: 2000, description: 'Reason for referral (sent only under referral:clinical)' }) @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class SendReferralDto {
  @ApiProperty({ enum: ['email', 'letter'] }) @IsIn(['email', 'letter']) via: 'email' | 'letter';
  @ApiProperty({ enum: REFERRAL_SCOPES, isArray: true }) @IsArray() @ArrayMinSize(1) @IsIn(REFERRAL_SCOPES, { each: true }) scopes: (typeof REFERRAL_SCOPES)[number][];
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() consentId?: string;
}

export class ChangeReferralStatusDto {
  @ApiProperty({ enum: ['accepted', 'connected', 'closed'] }) @IsIn(['accepted', 'connected', 'closed']) status: 'accepted' | 'connected' | 'closed';
  @ApiPropertyOptional({ enum: REFERRAL_OUTCOMES }) @IsOptional() @IsIn(REFERRAL_OUTCOMES) outcome?: (typeof REFERRAL_OUTCOMES)[number];
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class ReferralListQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false']) overdue?: 'true' | 'false';
}

export class ReferralHistoryDto {
  @ApiProperty() status: string;
  @ApiProperty({ type: String, nullable: true }) outcome: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ format: 'uuid' }) changedBy: string;
  @ApiProperty({ type: String, format: 'date-time' }) changedAt: Date;
}

export class ReferralDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) clientId: string;
  @ApiProperty() serviceId: string;
  @ApiProperty() serviceName: string;
  @ApiProperty({ enum: ['staff', 'self'] }) kind: string;
  @ApiProperty({ enum: REFERRAL_STATUSES }) status: string;
  @ApiProperty({ enum: REFERRAL_OUTCOMES, nullable: true }) outcome: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ enum: ['email', 'letter', 'self'], nullable: true }) sentVia: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) disclosureId: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) followUpAt: Date | null;
  @ApiProperty({ format: 'uuid' }) createdBy: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
  @ApiProperty({ type: [ReferralHistoryDto] }) history: ReferralHistoryDto[];
}

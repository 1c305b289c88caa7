import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBooleanString, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import {
  AGREEMENT_KINDS, CONSENT_KINDS, CONSENT_SCOPES, EXPIRY_EVENTS, INTEGRATIONS, RECIPIENT_KINDS, SIGNATURE_METHODS,
  type AgreementKind, type ConsentKind, type ExpiryEvent, type Integration, type NewConsent, type NewServiceAgreement, type RecipientKind, type SignatureMethod,
} from '@attune/consent';
import { IsInstant } from '../clients/field-rules.js';

// The §2.31 elements are optional in the body's shape on purpose: the service names a missing one with 422.

export class ConsentRecipientDto {
  @ApiPropertyOptional({ enum: RECIPIENT_KINDS, description: 'supporter: a named family member or friend (gets a supporter account); provider: a named organisation; class: a class of recipients' })
  @IsOptional() @IsIn(RECIPIENT_KINDS) kind?: RecipientKind;
  @ApiPropertyOptional({ example: 'Maria (sister)', maxLength: 200 }) @IsOptional() @IsString() @MaxLength(200) name?: string;
  @ApiPropertyOptional({ example: '+15551234567', description: "A supporter's phone (E.164): they sign in with a code sent to it" })
  @IsOptional() @IsString() @MaxLength(20) phone?: string;
}

export class ConsentSignatureDto {
  @ApiPropertyOptional({ example: 'Jordan Smith', maxLength: 200 }) @IsOptional() @IsString() @MaxLength(200) signedName?: string;
  @ApiPropertyOptional({ enum: SIGNATURE_METHODS }) @IsOptional() @IsIn(SIGNATURE_METHODS) method?: SignatureMethod;
  @ApiPropertyOptional({ type: String, format: 'date-time' }) @IsOptional() @IsInstant() signedAt?: Date;
}

export class RecordConsentDto implements NewConsent {
  @ApiPropertyOptional({ enum: CONSENT_KINDS, default: 'general', description: 'tpo: one consent for treatment, payment and operations; counselling_notes: alone, never combined' })
  @IsOptional() @IsIn(CONSENT_KINDS) kind?: ConsentKind;
  @ApiPropertyOptional({ enum: CONSENT_SCOPES, isArray: true, description: 'What may be disclosed (a fixed list)' })
  @IsOptional() @IsArray() @ArrayMaxSize(10) @IsString({ each: true }) scopes?: string[];
  @ApiPropertyOptional({ type: ConsentRecipientDto }) @IsOptional() @ValidateNested() @Type(() => ConsentRecipientDto) recipient?: ConsentRecipientDto;
  @ApiPropertyOptional({ example: 'To support my recovery in family sessions', maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500) purpose?: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Expiry as a date (or expiryEvent, or both: whichever comes first)' })
  @IsOptional() @IsInstant() expiresAt?: Date;
  @ApiPropertyOptional({ enum: EXPIRY_EVENTS, description: 'end_of_treatment: when the client is discharged' })
  @IsOptional() @IsIn(EXPIRY_EVENTS) expiryEvent?: ExpiryEvent;
  @ApiPropertyOptional({ type: ConsentSignatureDto }) @IsOptional() @ValidateNested() @Type(() => ConsentSignatureDto) signature?: ConsentSignatureDto;
  @ApiPropertyOptional({ maxLength: 1000, description: 'Required for tpo: what happens if the client does not sign' })
  @IsOptional() @IsString() @MaxLength(1000) refusalConsequences?: string;
}

export class RevokeConsentDto {
  @ApiProperty({ example: 'I withdraw my consent for my sister to receive information.', maxLength: 2000, description: 'The revocation in writing' })
  @IsString() @MaxLength(2000) statement: string;
}

export class AccountingQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Summarise repeated disclosures to one recipient for one purpose' })
  @IsOptional() @IsBooleanString() summarise?: string;
}

export class EmergencyDisclosureDto {
  @ApiProperty({ example: 'Dr. Lee, emergency department, County Hospital', maxLength: 300 }) @IsString() @MaxLength(300) recipient: string;
  @ApiProperty({ example: 'Current medications and MAT dose', maxLength: 1000 }) @IsString() @MaxLength(1000) description: string;
  @ApiProperty({ example: 'Client unresponsive; suspected overdose', maxLength: 1000 }) @IsString() @MaxLength(1000) reason: string;
}

export class FamilyInvitationDto {
  @ApiProperty({ format: 'uuid', description: "The supporter's account (recipient.supporterUserId of their consent)" }) @IsUUID() supporterUserId: string;
}

export class ServiceAgreementDto implements NewServiceAgreement {
  @ApiProperty({ enum: INTEGRATIONS }) @IsIn(INTEGRATIONS) integration: Integration;
  @ApiProperty({ example: 'Twilio', maxLength: 200 }) @IsString() @MaxLength(200) @Matches(/\S/) vendor: string;
  @ApiProperty({ enum: AGREEMENT_KINDS }) @IsIn(AGREEMENT_KINDS) agreementKind: AgreementKind;
  @ApiProperty({ example: '2026-01-01' }) @Matches(/^\d{4}-\d{2}-\d{2}$/) effectiveOn: string;
  @ApiPropertyOptional({ example: '2028-01-01' }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) expiresOn?: string;
  @ApiPropertyOptional({ maxLength: 300, description: 'Where the signed agreement is kept' }) @IsOptional() @IsString() @MaxLength(300) reference?: string;
}

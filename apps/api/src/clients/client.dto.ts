import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CLIENT_STATUSES, CONNECTIVITY, type ClientChanges, type ClientProfile, type ClientStatus, type Connectivity, type NewClient } from '@attune/care';
import { OptionalNotNull } from './field-rules.js';

export class RegisterClientDto implements NewClient {
  @ApiProperty({ example: 'Sam', maxLength: 100, description: 'What the client likes to be called' })
  @IsString() @MaxLength(100) preferredName: string;

  @ApiProperty({ example: 'America/Chicago', description: 'IANA time zone; reminders follow it' })
  @IsString() timeZone: string;

  @ApiProperty({ example: '+15555550123', description: 'E.164; sign-in codes and texts go here' })
  @IsString() phone: string;

  @ApiPropertyOptional({ example: 'sam@example.org', nullable: true, type: String })
  @IsOptional() @IsEmail() email?: string | null;

  @ApiProperty({ enum: CONNECTIVITY, description: 'How the client gets online; phone_only means calls and texts only' })
  @IsIn(CONNECTIVITY) connectivity: Connectivity;

  @ApiProperty({ example: '2026-01-05', format: 'date', description: 'Calendar date in the client\'s zone' })
  @IsString() programmeStartDate: string;

  @ApiPropertyOptional({ enum: CLIENT_STATUSES, default: 'intake' })
  @IsOptional() @IsIn(CLIENT_STATUSES) status?: ClientStatus;
}

export class UpdateClientDto implements ClientChanges {
  @ApiPropertyOptional({ example: 'Sam', maxLength: 100 })
  @OptionalNotNull() @IsString() @MaxLength(100) preferredName?: string;

  @ApiPropertyOptional({ example: 'America/Denver' })
  @OptionalNotNull() @IsString() timeZone?: string;

  @ApiPropertyOptional({ example: '+15555550123' })
  @OptionalNotNull() @IsString() phone?: string;

  @ApiPropertyOptional({ example: 'sam@example.org', nullable: true, type: String, description: 'null removes the email address' })
  @IsOptional() @IsEmail() email?: string | null;

  @ApiPropertyOptional({ enum: CONNECTIVITY })
  @OptionalNotNull() @IsIn(CONNECTIVITY) connectivity?: Connectivity;

  @ApiPropertyOptional({ example: '2026-01-05', format: 'date' })
  @OptionalNotNull() @IsString() programmeStartDate?: string;

  @ApiPropertyOptional({
    enum: CLIENT_STATUSES,
    description:
      'intake → active | discharged; active → aftercare | discharged; aftercare → active (stepped back up) | discharged; discharged → intake (readmission). Other moves: 409.',
  })
  @OptionalNotNull() @IsIn(CLIENT_STATUSES) status?: ClientStatus;
}

export class ClientProfileDto implements ClientProfile {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Sam' }) preferredName: string;
  @ApiProperty({ example: 'America/Chicago' }) timeZone: string;
  @ApiProperty({ example: '+15555550123', nullable: true, type: String }) phone: string | null;
  @ApiProperty({ example: 'sam@example.org', nullable: true, type: String }) email: string | null;
  @ApiProperty({ enum: CONNECTIVITY }) connectivity: Connectivity;
  @ApiProperty({ enum: CLIENT_STATUSES }) status: ClientStatus;
  @ApiProperty({ example: '2026-01-05', format: 'date' }) programmeStartDate: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import type { OrganizationChanges, OrganizationView } from '@attune/care';

export class OrganizationDto implements OrganizationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Riverbend Recovery' }) name: string;
  @ApiProperty({ description: 'Staff must sign in with a second factor (TOTP)' }) requireMfa: boolean;
  @ApiProperty({ description: "Calendar feeds and invitations show an in-home visit's address (off: a lock screen or shared calendar would show a client's home)" }) calendarLocations: boolean;
}

export class ChangeOrganizationDto implements OrganizationChanges {
  @ApiPropertyOptional({ example: 'Riverbend Recovery', maxLength: 200 })
  @IsOptional() @IsString() @MaxLength(200) name?: string;

  @ApiPropertyOptional({ description: 'Turning it on ends staff sessions opened without MFA' })
  @IsOptional() @IsBoolean() requireMfa?: boolean;

  @ApiPropertyOptional({ description: "Show in-home visits' addresses in calendars" })
  @IsOptional() @IsBoolean() calendarLocations?: boolean;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { STAFF_STATUSES, type NewStaffMember, type StaffFilter, type StaffListing, type StaffStatus } from '@attune/care';
import { STAFF_ROLES, type StaffRole } from '@attune/identity';

export class InviteStaffDto implements NewStaffMember {
  @ApiProperty({ example: 'priya@riverbend.example' }) @IsEmail() email: string;
  @ApiProperty({ example: 'Priya Shah', maxLength: 100 }) @IsString() @MaxLength(100) displayName: string;
  @ApiProperty({ enum: STAFF_ROLES }) @IsIn(STAFF_ROLES) role: StaffRole;
  @ApiProperty({ example: 'America/Chicago', description: 'IANA time zone' }) @IsString() timeZone: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A supervisor of this organisation; reviews this person\'s emergency access' })
  @IsOptional() @IsUUID() supervisorUserId?: string;
}

export class StaffQueryDto implements StaffFilter {
  @ApiPropertyOptional({ enum: STAFF_ROLES }) @IsOptional() @IsIn(STAFF_ROLES) role?: StaffRole;
  @ApiPropertyOptional({ enum: STAFF_STATUSES }) @IsOptional() @IsIn(STAFF_STATUSES) status?: StaffStatus;
}

export class StaffMemberDto implements StaffListing {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ example: 'Priya Shah' }) displayName: string;
  @ApiProperty({ example: 'priya@riverbend.example', nullable: true, type: String }) email: string | null;
  @ApiProperty({ enum: STAFF_ROLES }) role: StaffRole;
  @ApiProperty({ example: 'America/Chicago' }) timeZone: string;
  @ApiProperty({ enum: STAFF_STATUSES, description: 'invited until they accept the invitation' }) status: StaffStatus;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) supervisorUserId: string | null;
  @ApiProperty() createdAt: Date;
}

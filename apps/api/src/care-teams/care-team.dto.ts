import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import type { CareTeamMember, CareTeamView, Handoff, HandoffResult, NewMember } from '@attune/care';
import { TEAM_ROLES, type TeamRole } from '@attune/identity';
import { IsInstant } from '../clients/field-rules.js';

export class CareTeamMemberDto implements CareTeamMember {
  @ApiProperty({ format: 'uuid' }) membershipId: string;
  @ApiProperty({ format: 'uuid' }) clientId: string;
  @ApiProperty({ format: 'uuid', description: 'The staff member' }) userId: string;
  @ApiProperty({ example: 'Priya Shah' }) displayName: string;
  @ApiProperty({ enum: TEAM_ROLES }) teamRole: TeamRole;
  @ApiProperty() startsAt: Date;
  @ApiProperty({ nullable: true, type: Date }) endsAt: Date | null;
}

export class CareTeamDto implements CareTeamView {
  @ApiProperty({ type: [CareTeamMemberDto], description: 'On the team now' }) members: CareTeamMemberDto[];
  @ApiProperty({ enum: TEAM_ROLES, isArray: true, description: 'IHATI roles nobody holds right now' }) missingRoles: TeamRole[];
  @ApiProperty({ type: [CareTeamMemberDto], description: 'Starting later' }) upcoming: CareTeamMemberDto[];
  @ApiProperty({ type: [CareTeamMemberDto], description: 'Ended memberships, latest first' }) history: CareTeamMemberDto[];
}

export class AddMemberDto implements NewMember {
  @ApiProperty({ format: 'uuid', description: 'An active staff member of this organisation whose role is teamRole' })
  @IsUUID() staffUserId: string;

  @ApiProperty({ enum: TEAM_ROLES }) @IsIn(TEAM_ROLES) teamRole: TeamRole;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Defaults to now; must carry a UTC offset' })
  @IsOptional() @IsInstant() startsAt?: Date;
}

export class HandoffDto implements Handoff {
  @ApiProperty({ enum: TEAM_ROLES }) @IsIn(TEAM_ROLES) teamRole: TeamRole;
  @ApiProperty({ format: 'uuid' }) @IsUUID() fromStaffUserId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() toStaffUserId: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'The instant one membership ends and the other starts; defaults to now' })
  @IsOptional() @IsInstant() at?: Date;
}

export class EndMembershipDto {
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Defaults to now' })
  @IsOptional() @IsInstant() at?: Date;
}

export class HandoffResultDto implements HandoffResult {
  @ApiProperty({ type: CareTeamMemberDto }) ended: CareTeamMemberDto;
  @ApiProperty({ type: CareTeamMemberDto }) started: CareTeamMemberDto;
}

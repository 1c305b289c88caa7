import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { CASELOAD_MAX_LIMIT, CLIENT_STATUSES, CONNECTIVITY, type CaseloadEntry, type CaseloadPage, type CaseloadQuery, type ClientStatus, type Connectivity } from '@attune/care';
import { TEAM_ROLES, type TeamRole } from '@attune/identity';
import { CareTeamMemberDto } from '../care-teams/care-team.dto.js';

export class CaseloadQueryDto implements CaseloadQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: CASELOAD_MAX_LIMIT, default: 50 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(CASELOAD_MAX_LIMIT) limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor from the previous page' })
  @IsOptional() @IsString() cursor?: string;

  @ApiPropertyOptional({ enum: CLIENT_STATUSES })
  @IsOptional() @IsIn(CLIENT_STATUSES) status?: ClientStatus;
}

export class CaseloadEntryDto implements CaseloadEntry {
  @ApiProperty({ format: 'uuid', description: 'The client id' }) id: string;
  @ApiProperty({ example: 'Sam' }) preferredName: string;
  @ApiProperty({ enum: CLIENT_STATUSES }) status: ClientStatus;
  @ApiProperty({ enum: CONNECTIVITY }) connectivity: Connectivity;
  @ApiProperty({ example: 'America/Chicago' }) timeZone: string;
  @ApiProperty({ enum: TEAM_ROLES, nullable: true, description: "The caller's role on this team; null for supervisors and admins" }) teamRole: TeamRole | null;
  @ApiProperty({ type: [CareTeamMemberDto], description: 'The care team now' }) team: CareTeamMemberDto[];
}

export class CaseloadPageDto implements CaseloadPage {
  @ApiProperty({ type: [CaseloadEntryDto] }) items: CaseloadEntryDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as cursor for the next page; null on the last page' }) nextCursor: string | null;
}

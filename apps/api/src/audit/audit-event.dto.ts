import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import type { AuditEventPage, AuditEventView } from '@attune/care';

export class AuditEventQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50, description: 'Events per page' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  limit?: number;

  @ApiPropertyOptional({ example: '1042', description: 'nextCursor of the previous page: returns older events' })
  @IsOptional() @Matches(/^[1-9][0-9]{0,17}$/, { message: 'must be the nextCursor of a previous page' })
  cursor?: string;
}

export class AuditEventDto implements AuditEventView {
  @ApiProperty({ example: '1042', description: 'Increasing id (a 64-bit integer, as a string)' }) id: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-22T15:04:05.123456Z', description: 'UTC, microseconds' }) at: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorUserId: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'clinician' }) actorRole: string | null;
  @ApiProperty({ example: 'clinical:read', description: 'What was attempted' }) action: string;
  @ApiProperty({ type: String, nullable: true, example: 'clinical:read' }) capability: string | null;
  @ApiProperty({ enum: ['allowed', 'denied', 'not_found'] }) outcome: string;
  @ApiProperty({ type: String, nullable: true, example: 'team', description: 'Why access was allowed (team, supervisor, admin, self, break_glass, …)' })
  basis: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Correlates with the request log' }) requestId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The justification typed for break-glass access' }) reason: string | null;
}

export class AuditEventPageDto implements AuditEventPage {
  @ApiProperty({ type: [AuditEventDto], description: 'Newest first' }) events: AuditEventDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Cursor of the next (older) page; null on the last page' })
  nextCursor: string | null;
}

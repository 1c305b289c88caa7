import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import {
  AUDIO_ONLY_REASONS, SERIES_SCOPES, VISIT_KINDS, VISIT_STATUSES,
  type AudioOnlyReason, type FreeSlotRequest, type NewVisit, type SeriesScope, type StaffAvailability, type Visit, type VisitBatch,
  type VisitCancellation, type VisitChange, type VisitDetail, type VisitKind, type VisitMove, type VisitStatus, type VisitStatusChange, type WorkingHours,
} from '@attune/scheduling';
import { IsInstant } from '../clients/field-rules.js';

const MINUTES = 'Whole minutes';

export class ScheduleVisitDto implements NewVisit {
  @ApiProperty({ enum: VISIT_KINDS }) @IsIn(VISIT_KINDS) kind: VisitKind;

  @ApiProperty({ type: String, format: 'date-time', example: '2026-03-10T10:00:00-05:00', description: 'The start instant; with rrule, the first occurrence (DTSTART)' })
  @IsInstant() startsAt: Date;

  @ApiPropertyOptional({ minimum: 1, maximum: 720, example: 60, description: `${MINUTES}; or give endsAt` })
  @IsOptional() @IsInt() @Min(1) @Max(720) durationMinutes?: number;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Instead of durationMinutes; must be after startsAt' })
  @IsOptional() @IsInstant() endsAt?: Date;

  @ApiPropertyOptional({ example: 'America/Chicago', description: "IANA zone the visit (and its series) is kept in; defaults to the client's" })
  @IsOptional() @IsString() timeZone?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Team members attending (on the client\'s care team now); defaults to you' })
  @IsOptional() @IsArray() @ArrayMaxSize(10) @IsUUID('all', { each: true }) attendeeUserIds?: string[];

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500, description: 'in_home visits only; never in calendar feeds unless the organisation opts in' })
  @IsOptional() @IsString() @MaxLength(500) address?: string | null;

  @ApiPropertyOptional({ minimum: 0, maximum: 480, default: 0, description: 'Travel time blocked before the visit' })
  @IsOptional() @IsInt() @Min(0) @Max(480) travelBeforeMinutes?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 480, default: 0, description: 'Travel time blocked after the visit' })
  @IsOptional() @IsInt() @Min(0) @Max(480) travelAfterMinutes?: number;

  @ApiPropertyOptional({ enum: AUDIO_ONLY_REASONS, description: 'Required for audio_only: why video is not used (payers ask)' })
  @IsOptional() @IsIn(AUDIO_ONLY_REASONS) audioOnlyReason?: AudioOnlyReason;

  @ApiPropertyOptional({ example: 'FREQ=WEEKLY;BYDAY=TU;COUNT=52', description: 'RFC 5545 RRULE, bounded by COUNT or UNTIL: at most 400 occurrences within 2 years, expanded in timeZone' })
  @IsOptional() @IsString() @MaxLength(500) rrule?: string;

  @ApiPropertyOptional({ type: [String], example: ['2026-12-22'], description: 'Local dates left out of the series' })
  @IsOptional() @IsArray() @ArrayMaxSize(400) @Matches(/^\d{4}-\d{2}-\d{2}$/, { each: true }) exceptDates?: string[];

  @ApiPropertyOptional({ default: false, description: 'Book even though it overlaps another visit (audited)' })
  @IsOptional() @IsBoolean() allowConflicts?: boolean;

  @ApiPropertyOptional({ default: false, description: 'Record a visit that already happened as completed (late documentation)' })
  @IsOptional() @IsBoolean() documentAsCompleted?: boolean;
}

export class MoveVisitDto implements VisitMove {
  @ApiProperty({ type: String, format: 'date-time', description: "The visit's new start; other occurrences move by the same local-time shift" })
  @IsInstant() startsAt: Date;

  @ApiPropertyOptional({ minimum: 1, maximum: 720 }) @IsOptional() @IsInt() @Min(1) @Max(720) durationMinutes?: number;

  @ApiPropertyOptional({ enum: SERIES_SCOPES, default: 'this' }) @IsOptional() @IsIn(SERIES_SCOPES) scope?: SeriesScope;

  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() allowConflicts?: boolean;

  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

export class CancelVisitDto implements VisitCancellation {
  @ApiProperty({ maxLength: 500, example: 'Client in hospital' }) @IsString() @MinLength(1) @MaxLength(500) reason: string;
  @ApiPropertyOptional({ enum: SERIES_SCOPES, default: 'this' }) @IsOptional() @IsIn(SERIES_SCOPES) scope?: SeriesScope;
}

const SETTABLE = ['confirmed', 'in_progress', 'completed', 'no_show'] as const;

export class VisitStatusDto implements VisitStatusChange {
  @ApiProperty({ enum: SETTABLE, description: 'scheduled → confirmed → in_progress → completed; no_show after the start; completed after the fact is late documentation' })
  @IsIn(SETTABLE) status: (typeof SETTABLE)[number];
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

export class VisitRangeDto {
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Defaults to 7 days ago' }) @IsOptional() @IsInstant() from?: Date;
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Defaults to 90 days after from; at most 400 days' }) @IsOptional() @IsInstant() to?: Date;
}

export class VisitDto implements Visit {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) clientId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) seriesId: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2026-03-10T10:00:00', description: 'Original local start in the series (RECURRENCE-ID)' }) occurrenceLocal: string | null;
  @ApiProperty({ enum: VISIT_KINDS }) kind: VisitKind;
  @ApiProperty() startsAt: Date;
  @ApiProperty() endsAt: Date;
  @ApiProperty({ example: 60 }) durationMinutes: number;
  @ApiProperty({ example: 'America/Chicago' }) timeZone: string;
  @ApiProperty({ enum: AUDIO_ONLY_REASONS, nullable: true }) audioOnlyReason: AudioOnlyReason | null;
  @ApiProperty({ nullable: true, type: String }) address: string | null;
  @ApiProperty() travelBeforeMinutes: number;
  @ApiProperty() travelAfterMinutes: number;
  @ApiProperty({ enum: VISIT_STATUSES }) status: VisitStatus;
  @ApiProperty({ nullable: true, type: String }) cancelReason: string | null;
  @ApiProperty({ description: 'Recorded as completed after the fact' }) documentedLate: boolean;
  @ApiProperty({ type: [String], format: 'uuid' }) attendeeUserIds: string[];
  @ApiProperty() version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class VisitChangeDto implements VisitChange {
  @ApiProperty({ enum: ['scheduled', 'rescheduled', 'status'] }) change: VisitChange['change'];
  @ApiProperty({ enum: VISIT_STATUSES, nullable: true }) fromStatus: VisitStatus | null;
  @ApiProperty({ enum: VISIT_STATUSES, nullable: true }) toStatus: VisitStatus | null;
  @ApiProperty({ nullable: true, type: Date }) previousStartsAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) previousEndsAt: Date | null;
  @ApiProperty() startsAt: Date;
  @ApiProperty() endsAt: Date;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ format: 'uuid' }) changedBy: string;
  @ApiProperty() changedAt: Date;
}

export class VisitDetailDto extends VisitDto implements VisitDetail {
  @ApiProperty({ type: [VisitChangeDto], description: 'Every move and status change, oldest first' }) history: VisitChangeDto[];
}

export class VisitBatchDto implements VisitBatch {
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) seriesId: string | null;
  @ApiProperty({ type: [VisitDto] }) visits: VisitDto[];
}

const toList = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((v) => v.trim()).filter(Boolean) : value);

export class FreeSlotQueryDto implements FreeSlotRequest {
  @ApiProperty({ type: String, description: 'Comma-separated user ids of team members who attend', example: 'uuid1,uuid2' })
  @Transform(toList) @IsArray() @ArrayMaxSize(10) @IsUUID('all', { each: true }) staffUserIds: string[];
  @ApiPropertyOptional({ minimum: 1, maximum: 31, default: 14 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(31) days: number = 14;
  @ApiProperty({ minimum: 1, maximum: 720 }) @Type(() => Number) @IsInt() @Min(1) @Max(720) durationMinutes: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 480 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(480) travelBeforeMinutes?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 480 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(480) travelAfterMinutes?: number;
}

export class FreeWindowDto {
  @ApiProperty({ description: 'The earliest start' }) from: Date;
  @ApiProperty({ description: 'The visit must end by then' }) until: Date;
  @ApiProperty({ description: 'The latest start that fits' }) latestStart: Date;
}

export class FreeSlotsDto {
  @ApiProperty() from: Date;
  @ApiProperty() until: Date;
  @ApiProperty({ type: [FreeWindowDto] }) windows: FreeWindowDto[];
  @ApiProperty({ type: [String], description: 'Team members asked for who have no working hours set (PUT /staff/{userId}/working-hours): while any is listed there are no windows' })
  withoutWorkingHours: string[];
}

export class WorkingHoursDto implements WorkingHours {
  @ApiProperty({ minimum: 1, maximum: 7, description: 'ISO weekday: 1 = Monday … 7 = Sunday' }) @IsInt() @Min(1) @Max(7) weekday: number;
  @ApiProperty({ example: '09:00', description: "Local time in the staff member's zone" }) @IsString() @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'start must be HH:mm' }) start: string;
  @ApiProperty({ example: '17:00' }) @IsString() @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'end must be HH:mm' }) end: string;
}

export class SetWorkingHoursDto {
  @ApiProperty({ type: [WorkingHoursDto], description: 'Replaces all working hours' })
  @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => WorkingHoursDto) hours: WorkingHoursDto[];
}

export class StaffAvailabilityDto implements StaffAvailability {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ example: 'America/Chicago' }) timeZone: string;
  @ApiProperty({ type: [WorkingHoursDto] }) hours: WorkingHoursDto[];
  @ApiProperty({ type: [String], example: ['2026-12-24'] }) daysOff: string[];
}

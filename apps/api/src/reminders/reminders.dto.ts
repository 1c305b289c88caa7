import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CHANNELS, type ReminderChannel } from '@attune/notifications';
import { REMINDER_KINDS, type Cadence, type ReminderKind } from '@attune/reminders';
import { IsInstant } from '../clients/field-rules.js';

const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const LOCAL_TIME_MESSAGE = { message: '$property must be a local time HH:mm (24-hour), e.g. 09:00' };
const LOCAL_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const CADENCES: Cadence[] = ['daily', 'weekly', 'every_n_weeks', 'monthly'];

export class CheckInPromptDto {
  @ApiProperty({ format: 'uuid' }) clientId: string;
  @ApiProperty({ example: '09:00', description: "Local time in the client's zone" }) localTime: string;
  @ApiProperty({ example: 'America/New_York' }) timeZone: string;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: [String], format: 'date-time', description: 'The next prompts planned' }) upcoming: string[];
}

export class SetCheckInPromptDto {
  @ApiProperty({ example: '09:00', description: "HH:mm in the client's own zone; stays at that local time across daylight saving" })
  @Matches(LOCAL_TIME, LOCAL_TIME_MESSAGE)
  localTime: string;

  @ApiPropertyOptional({ default: true, description: 'false stops the prompts' })
  @IsOptional() @IsBoolean() active?: boolean;
}

export class MedicationPlanDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) clientId: string;
  @ApiProperty({ enum: CADENCES }) cadence: Cadence;
  @ApiPropertyOptional() intervalWeeks?: number;
  @ApiProperty({ example: '2026-12-01' }) firstDate: string;
  @ApiProperty({ example: '10:00' }) localTime: string;
  @ApiProperty({ type: [Number], example: [7, 1] }) advanceDays: number[];
  @ApiProperty() active: boolean;
  @ApiProperty({ type: [String], format: 'date-time' }) upcoming: string[];
}

export class NewMedicationPlanDto {
  @ApiProperty({ enum: CADENCES }) @IsIn(CADENCES) cadence: Cadence;

  @ApiPropertyOptional({ minimum: 1, maximum: 52, description: 'Required for every_n_weeks' })
  @ValidateIf((dto: NewMedicationPlanDto) => dto.cadence === 'every_n_weeks' || dto.intervalWeeks !== undefined)
  @IsInt() @Min(1) @Max(52) intervalWeeks?: number;

  @ApiProperty({ example: '2026-12-01', description: 'The first local date it is due' })
  @Matches(LOCAL_DATE, { message: '$property must be a date YYYY-MM-DD' }) firstDate: string;

  @ApiProperty({ example: '10:00' }) @Matches(LOCAL_TIME, LOCAL_TIME_MESSAGE) localTime: string;

  @ApiProperty({ type: [Number], example: [7, 1], description: 'Days before each due date to remind (0 = that day)' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(5) @ArrayUnique() @IsInt({ each: true }) @Min(0, { each: true }) @Max(60, { each: true })
  advanceDays: number[];
}

export class KindPreferenceDto {
  @ApiProperty({ enum: REMINDER_KINDS }) @IsIn(REMINDER_KINDS) kind: ReminderKind;
  @ApiProperty({ enum: CHANNELS, isArray: true }) @IsArray() @ArrayUnique() @IsIn(CHANNELS, { each: true }) channels: ReminderChannel[];
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() optedOut?: boolean;
}

export class QuietHoursDto {
  @ApiProperty({ example: '22:00' }) @Matches(LOCAL_TIME, LOCAL_TIME_MESSAGE) starts: string;
  @ApiProperty({ example: '07:00' }) @Matches(LOCAL_TIME, LOCAL_TIME_MESSAGE) ends: string;
}

export class NotificationPreferencesDto {
  @ApiProperty({ type: [KindPreferenceDto] }) kinds: KindPreferenceDto[];
  @ApiProperty({ type: QuietHoursDto, nullable: true }) quietHours: QuietHoursDto | null;
}

export class SetNotificationPreferencesDto {
  @ApiPropertyOptional({ type: [KindPreferenceDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(REMINDER_KINDS.length) @ValidateNested({ each: true }) @Type(() => KindPreferenceDto)
  kinds?: KindPreferenceDto[];

  @ApiPropertyOptional({ type: QuietHoursDto, nullable: true, description: 'null clears them' })
  @IsOptional() @ValidateNested() @Type(() => QuietHoursDto)
  quietHours?: QuietHoursDto | null;
}

export class ReminderSettingsDto {
  @ApiProperty({ type: [Number], example: [86400, 3600], description: 'Seconds before a visit' }) visitOffsetsSeconds: number[];
}

export class SetReminderSettingsDto {
  @ApiProperty({ type: [Number], example: [86400, 3600], description: 'Seconds before a visit, each from 5 minutes to 14 days' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(5) @IsInt({ each: true }) @Min(300, { each: true }) @Max(14 * 86400, { each: true })
  visitOffsetsSeconds: number[];
}

export class OnCallShiftDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) staffUserId: string;
  @ApiProperty() startsAt: Date;
  @ApiProperty() endsAt: Date;
}

export class NewOnCallShiftDto {
  @ApiProperty({ format: 'uuid', description: 'An active staff member of this organisation' }) @IsUUID() staffUserId: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'With a UTC offset (people enter shifts in their own zone)' }) @IsInstant() startsAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) @IsInstant() endsAt: Date;
}

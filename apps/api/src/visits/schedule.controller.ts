import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { CurrentActor, type Actor } from '@attune/identity';
import { TeamSchedule, type ScheduleQuery, type Visit } from '@attune/scheduling';
import { IsInstant } from '../clients/field-rules.js';
import { ApiProblems } from '../common/problem.schema.js';
import { VisitDto } from './visit.dto.js';

export class ScheduleQueryDto implements ScheduleQuery {
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Defaults to now' }) @IsOptional() @IsInstant() from?: Date;
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Defaults to a week after from; at most 31 days' }) @IsOptional() @IsInstant() to?: Date;
  @ApiPropertyOptional({ format: 'uuid', description: 'Supervisors: only the visits this staff member attends' }) @IsOptional() @IsUUID() staffUserId?: string;
}

@ApiTags('visits')
@ApiBearerAuth()
@Controller('schedule')
export class ScheduleController {
  constructor(private readonly schedule: TeamSchedule) {}

  @Get()
  @ApiOperation({ summary: "Your visits across clients; a supervisor sees the organisation's (each client audited)" })
  @ApiOkResponse({ type: [VisitDto] })
  @ApiProblems(400, 401, 403, 422)
  visits(@CurrentActor() actor: Actor, @Query() query: ScheduleQueryDto): Promise<Visit[]> {
    return this.schedule.visits(actor, query);
  }
}

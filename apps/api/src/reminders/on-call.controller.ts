import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '@attune/identity';
import { OnCallRoster, type OnCallShift } from '@attune/reminders';
import { ApiProblems } from '../common/problem.schema.js';
import { NewOnCallShiftDto, OnCallShiftDto } from './reminders.dto.js';

@ApiTags('reminders')
@ApiBearerAuth()
@Controller('organization/on-call')
export class OnCallController {
  constructor(private readonly roster: OnCallRoster) {}

  @Get()
  @ApiOperation({ summary: 'The on-call roster from now on (staff)' })
  @ApiOkResponse({ type: [OnCallShiftDto] })
  @ApiProblems(401, 403)
  list(@CurrentActor() actor: Actor): Promise<OnCallShift[]> {
    return this.roster.list(actor);
  }

  @Post()
  @ApiOperation({ summary: 'Put someone on call for a period (admins). Unacknowledged alerts escalate to them; to supervisors when nobody is on call.' })
  @ApiCreatedResponse({ type: OnCallShiftDto })
  @ApiProblems(400, 401, 403, 422)
  add(@CurrentActor() actor: Actor, @Body() dto: NewOnCallShiftDto): Promise<OnCallShift> {
    return this.roster.add(actor, dto);
  }
}

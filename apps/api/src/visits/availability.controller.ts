import { Body, Controller, Delete, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '@attune/identity';
import { Availability, type StaffAvailability } from '@attune/scheduling';
import { ApiProblems } from '../common/problem.schema.js';
import { SetWorkingHoursDto, StaffAvailabilityDto } from './visit.dto.js';

@ApiTags('availability')
@ApiBearerAuth()
@Controller('staff/:userId')
export class AvailabilityController {
  constructor(private readonly availability: Availability) {}

  @Get('availability')
  @ApiOperation({ summary: "A staff member's working hours and days off (themself, a supervisor or an admin)" })
  @ApiOkResponse({ type: StaffAvailabilityDto })
  @ApiProblems(401, 403, 404)
  get(@CurrentActor() actor: Actor, @Param('userId') userId: string): Promise<StaffAvailability> {
    return this.availability.get(actor, userId);
  }

  @Put('working-hours')
  @ApiOperation({ summary: 'Replace working hours per weekday, as local times in the staff member\'s zone' })
  @ApiOkResponse({ type: StaffAvailabilityDto })
  @ApiProblems(400, 401, 403, 404, 422)
  setHours(@CurrentActor() actor: Actor, @Param('userId') userId: string, @Body() dto: SetWorkingHoursDto): Promise<StaffAvailability> {
    return this.availability.setWorkingHours(actor, userId, dto.hours);
  }

  @Put('days-off/:date')
  @ApiOperation({ summary: 'Add a day off (a local date)' })
  @ApiOkResponse({ type: StaffAvailabilityDto })
  @ApiProblems(401, 403, 404, 422)
  addDayOff(@CurrentActor() actor: Actor, @Param('userId') userId: string, @Param('date') date: string): Promise<StaffAvailability> {
    return this.availability.addDayOff(actor, userId, date);
  }

  @Delete('days-off/:date')
  @ApiOperation({ summary: 'Remove a day off' })
  @ApiOkResponse({ type: StaffAvailabilityDto })
  @ApiProblems(401, 403, 404, 422)
  removeDayOff(@CurrentActor() actor: Actor, @Param('userId') userId: string, @Param('date') date: string): Promise<StaffAvailability> {
    return this.availability.removeDayOff(actor, userId, date);
  }
}

import { Module } from '@nestjs/common';
import { SchedulingModule } from '@attune/scheduling';
import { AvailabilityController } from './availability.controller.js';
import { CalendarFeedController, MyCalendarFeedController } from './calendar.controller.js';
import { JoinController } from './join.controller.js';
import { ScheduleController } from './schedule.controller.js';
import { VisitNotesController } from './visit-notes.controller.js';
import { VisitsController } from './visits.controller.js';

@Module({ imports: [SchedulingModule], controllers: [VisitsController, AvailabilityController, JoinController, VisitNotesController, MyCalendarFeedController, CalendarFeedController, ScheduleController] })
export class VisitsApiModule {}

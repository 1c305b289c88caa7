import { Module } from '@nestjs/common';
import { CareModule } from '@attune/care';
import { NotificationsModule } from '@attune/notifications';
import { Availability } from './availability/availability.js';
import { CalendarFeeds } from './calendars/calendar-feeds.js';
import { VisitInvitations } from './calendars/visit-invitations.js';
import { JoinDesk } from './joining/join-desk.js';
import { JoinLinks } from './joining/join-links.js';
import { MeetingLinks } from './meetings/meeting-links.js';
import { VisitNotes } from './notes/visit-notes.js';
import { TeamSchedule } from './visits/team-schedule.js';
import { Visits } from './visits/visits.js';

/** Visits, recurrence, conflicts, availability, meeting links and join pages. */
@Module({
  imports: [CareModule, NotificationsModule],
  providers: [Visits, Availability, MeetingLinks, JoinLinks, JoinDesk, VisitNotes, CalendarFeeds, VisitInvitations, TeamSchedule],
  exports: [Visits, Availability, MeetingLinks, JoinLinks, JoinDesk, VisitNotes, CalendarFeeds, TeamSchedule],
})
export class SchedulingModule {}

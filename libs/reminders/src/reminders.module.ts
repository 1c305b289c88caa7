import { Module } from '@nestjs/common';
import { CareModule } from '@attune/care';
import { NotificationsModule } from '@attune/notifications';
import { ReminderDelivery } from './delivery/reminder-delivery.js';
import { ReminderReconciler } from './delivery/reminder-reconciler.js';
import { Escalations } from './escalations/escalations.js';
import { OnCallRoster } from './escalations/on-call-roster.js';
import { CheckInPrompts } from './plans/check-in-prompts.js';
import { ClientTimeZoneReplans } from './plans/client-time-zone-replans.js';
import { DueDateReminders } from './plans/due-date-reminders.js';
import { MedicationPlans } from './plans/medication-plans.js';
import { ReminderSettings } from './plans/reminder-settings.js';
import { ReminderJobs } from './rows/reminder-jobs.js';
import { ReminderRows } from './rows/reminder-rows.js';
import { VisitReminders } from './visits/visit-reminders.js';

/**
 * Reminder plans and rows (the source of truth), their jobs, delivery and reconciliation. Imported by the
 * api (visit events are published there: their subscriber must live in the same process) and the worker.
 */
@Module({
  imports: [CareModule, NotificationsModule],
  providers: [ReminderRows, ReminderJobs, ReminderSettings, VisitReminders, ClientTimeZoneReplans, CheckInPrompts, MedicationPlans, ReminderDelivery, ReminderReconciler, Escalations, OnCallRoster, DueDateReminders],
  exports: [DueDateReminders, Escalations, OnCallRoster, ReminderRows, ReminderJobs, ReminderSettings, CheckInPrompts, MedicationPlans, ReminderDelivery, ReminderReconciler, VisitReminders],
})
export class RemindersModule {}

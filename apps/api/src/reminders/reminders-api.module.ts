import { Module } from '@nestjs/common';
import { CareModule } from '@attune/care';
import { NotificationsModule } from '@attune/notifications';
import { RemindersModule } from '@attune/reminders';
import { CheckInPromptController } from './check-in-prompt.controller.js';
import { MedicationPlansController } from './medication-plans.controller.js';
import { NotificationPreferencesController } from './notification-preferences.controller.js';
import { NotificationsController } from './notifications.controller.js';
import { OnCallController } from './on-call.controller.js';
import { QueueDashboardController } from './queue-dashboard.controller.js';
import { ReminderSettingsController } from './reminder-settings.controller.js';
import { SmsWebhookController } from './sms-webhook.controller.js';

@Module({
  imports: [CareModule, NotificationsModule, RemindersModule],
  controllers: [NotificationsController, CheckInPromptController, MedicationPlansController, NotificationPreferencesController, ReminderSettingsController, OnCallController, QueueDashboardController, SmsWebhookController],
})
export class RemindersApiModule {}

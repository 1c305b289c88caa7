import { Module } from '@nestjs/common';
import { CareModule } from '@attune/care';
import { RemindersModule } from '@attune/reminders';
import { Alerts } from './alerts/alerts.js';
import { MeasureAlerts } from './alerts/measure-alerts.js';
import { CheckIns } from './check-ins/check-ins.js';
import { OutreachTasks } from './outreach/outreach-tasks.js';
import { RiskSettings } from './risk/risk-settings.js';

/**
 * Check-ins, risk rules, alerts (escalated through the reminders' engine) and outreach tasks. Imported by
 * the api (its subscribers must live where visits and measures publish) and the worker (the sweep).
 */
@Module({
  imports: [CareModule, RemindersModule],
  providers: [CheckIns, Alerts, MeasureAlerts, OutreachTasks, RiskSettings],
  exports: [CheckIns, Alerts, OutreachTasks, RiskSettings],
})
export class CheckinsModule {}

import { Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { CareModule } from '@attune/care';
import { NotificationsModule } from '@attune/notifications';
import { JobRunner, RedisConnection, warnUnlessNoEviction } from '@attune/platform';
import { RemindersModule } from '@attune/reminders';
import { CheckinsModule } from '@attune/checkins';
import { CurriculumModule } from '@attune/curriculum';
import { AuditSealTimer } from './audit/audit-seal.timer.js';
import { JOB_HANDLERS } from './job-handlers.js';
import { MessageReconcileTimer } from './messages/message-reconcile.timer.js';
import { ReminderReconcileTimer } from './reminders/reminder-reconcile.timer.js';
import { QuietClientsTimer } from './checkins/quiet-clients.timer.js';
import { MeasureSchedulesTimer } from './curriculum/measure-schedules.timer.js';

/** Background work: BullMQ processors and timers. No HTTP. */
@Module({
  imports: [CareModule, NotificationsModule, RemindersModule, CheckinsModule, CurriculumModule],
  providers: [JobRunner, ...JOB_HANDLERS, AuditSealTimer, MessageReconcileTimer, ReminderReconcileTimer, QuietClientsTimer, MeasureSchedulesTimer],
})
export class WorkerModule implements OnApplicationBootstrap {
  constructor(private readonly redis: RedisConnection) {}

  async onApplicationBootstrap(): Promise<void> {
    await warnUnlessNoEviction(this.redis.client, new Logger('worker'));
  }
}

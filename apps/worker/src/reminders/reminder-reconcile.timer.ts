import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ReminderReconciler } from '@attune/reminders';
import { AppConfig } from '@attune/platform';
import { PeriodicTask } from '../timers/periodic-task.js';

/**
 * Runs the reminder reconciler at boot (what a restart or an emptied Redis left behind) and then every
 * REMINDER_RECONCILE_INTERVAL_MS. A timer in the worker, not a BullMQ job scheduler: that would live in
 * Redis and vanish with it.
 */
@Injectable()
export class ReminderReconcileTimer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly task: PeriodicTask;

  constructor(reconciler: ReminderReconciler, config: AppConfig) {
    this.task = new PeriodicTask('reminder reconciliation', config.reminders.reconcileIntervalMs, () => reconciler.reconcile(), new Logger('reminders'));
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }
}

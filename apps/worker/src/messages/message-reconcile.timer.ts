import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { MessageReconciler } from '@attune/notifications';
import { PeriodicTask } from '../timers/periodic-task.js';

/** Once a minute is plenty: the reconciler's own grace (30 s) and lease (5 min) are longer thresholds. */
const RECONCILE_EVERY_MS = 60_000;

/** Runs the message reconciler at boot (what a restart or an emptied Redis left behind) and every minute. */
@Injectable()
export class MessageReconcileTimer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly task: PeriodicTask;

  constructor(reconciler: MessageReconciler) {
    this.task = new PeriodicTask('message reconciliation', RECONCILE_EVERY_MS, () => reconciler.reconcile(), new Logger('messages'));
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }
}

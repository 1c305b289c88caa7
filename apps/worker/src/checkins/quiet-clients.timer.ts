import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { OutreachTasks } from '@attune/checkins';
import { PeriodicTask } from '../timers/periodic-task.js';

/** Hourly: a client's local day turns over at a different hour in each zone; a repeat opens nothing twice. */
export const QUIET_CLIENTS_INTERVAL_MS = 3600_000;

/**
 * Sweeps for quiet clients (outreach tasks for their peer coach, missed-check-in alerts) at boot and then
 * hourly. A timer in the worker, not a BullMQ scheduler, so an emptied Redis does not lose it.
 */
@Injectable()
export class QuietClientsTimer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly task: PeriodicTask;

  constructor(outreach: OutreachTasks) {
    this.task = new PeriodicTask('quiet-clients sweep', QUIET_CLIENTS_INTERVAL_MS, () => outreach.sweep(), new Logger('outreach'));
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }
}

import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { MeasureSchedules } from '@attune/curriculum';
import { PeriodicTask } from '../timers/periodic-task.js';

/** Hourly: a 90-day administration falls due at the client's local midnight, which comes at a different hour in each zone. */
export const MEASURE_SCHEDULES_INTERVAL_MS = 3600_000;

/**
 * Writes the outcome-measure administrations that have fallen due (and plans their reminders) at boot and
 * then hourly, so a due administration exists whether or not anyone has looked at the schedule.
 */
@Injectable()
export class MeasureSchedulesTimer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly task: PeriodicTask;

  constructor(schedules: MeasureSchedules) {
    this.task = new PeriodicTask('measure-schedules sweep', MEASURE_SCHEDULES_INTERVAL_MS, () => schedules.syncAll(), new Logger('measure-schedules'));
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }
}

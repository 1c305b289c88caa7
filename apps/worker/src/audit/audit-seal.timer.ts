import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AuditSealer } from '@attune/care';
import { AppConfig } from '@attune/platform';
import { PeriodicTask } from '../timers/periodic-task.js';

/**
 * Seals the audit trail at boot and every AUDIT_SEAL_INTERVAL_SECONDS. Every worker runs this timer;
 * the sealer's advisory lock lets one of them seal at a time.
 */
@Injectable()
export class AuditSealTimer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly task: PeriodicTask;

  constructor(sealer: AuditSealer, config: AppConfig) {
    this.task = new PeriodicTask('audit seal', config.durations.auditSealInterval * 1000, () => sealer.seal(), new Logger('audit'));
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  /** Module destroy comes before the database closes (application shutdown). */
  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }
}

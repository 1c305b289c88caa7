import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, Clock, JobQueue, Jobs, jobId, type AfterCommit } from '@attune/platform';
import type { ReminderJobChange } from './reminder-kinds.js';

/** One job per row version, so a repeat is a no-op and a moved row's old job is a different job. */
export const reminderJobId = (reminderId: string, version: number) => jobId('reminder', reminderId, `v${version}`);

export const REMINDER_QUEUE = Jobs.deliverReminder.queue;

const BULK = 1000;

/**
 * Puts reminder rows into BullMQ as delayed jobs (ids only), after their transaction has committed.
 * Only rows due within the horizon get a job now; the reconciler enqueues the rest as they come near.
 * A row records the version its job was made for, so the reconciler knows which rows have none.
 */
@Injectable()
export class ReminderJobs {
  private readonly log = new Logger('reminders');

  constructor(
    private readonly queue: JobQueue,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** After-commit work for changed rows: drop jobs of old versions, enqueue the new versions. */
  afterCommit(changes: ReminderJobChange[], options: { enqueue?: boolean } = {}): AfterCommit | undefined {
    if (changes.length === 0) return undefined;
    return async () => {
      await this.removeOld(changes);
      if (options.enqueue ?? true) await this.enqueue(changes);
    };
  }

  /** Enqueues those due within the horizon and records it on their rows. Returns how many were enqueued. */
  async enqueue(rows: { id: string; version: number; dueAt: Date }[], options: { replaceFinished?: boolean } = {}): Promise<number> {
    const now = this.clock.now().getTime();
    const horizon = now + this.config.reminders.horizonSeconds * 1000;
    const near = rows.filter((row) => row.dueAt.getTime() <= horizon);
    for (let start = 0; start < near.length; start += BULK) {
      const batch = near.slice(start, start + BULK);
      if (options.replaceFinished) await this.removeFinished(batch);
      // BullMQ counts a delay from when the job is added: measure "now" per batch, not once for all.
      const batchNow = this.clock.now().getTime();
      await this.queue.enqueueMany(
        'deliverReminder',
        batch.map((row) => ({ data: { reminderId: row.id, version: row.version }, options: { jobId: reminderJobId(row.id, row.version), delay: Math.max(0, row.dueAt.getTime() - batchNow) } })),
      );
      await this.db.query(
        `UPDATE reminder r SET enqueued_version = v.version
           FROM unnest($1::uuid[], $2::int[]) AS v(id, version)
          WHERE r.id = v.id AND r.version = v.version`,
        [batch.map((row) => row.id), batch.map((row) => row.version)],
      );
    }
    return near.length;
  }

  /** Jobs of versions that no longer exist. Best effort: a job that stays finds its row changed. */
  private async removeOld(changes: ReminderJobChange[]): Promise<void> {
    const queue = this.queue.queue(REMINDER_QUEUE);
    const old = changes.filter((c) => c.previousJobVersion !== null && c.previousJobVersion !== c.version);
    await Promise.all(
      old.map((c) =>
        queue.remove(reminderJobId(c.id, c.previousJobVersion!)).catch((error: unknown) => {
          // An active job cannot be removed: it is running now and its guarded claim will find nothing.
          this.log.debug({ reminderId: c.id, error: error instanceof Error ? error.message : String(error) }, 'old reminder job not removed');
        }),
      ),
    );
  }

  /**
   * A finished (completed or failed) job under the same id would make BullMQ ignore the new one. Live jobs
   * are left alone: they will deliver.
   */
  private async removeFinished(rows: { id: string; version: number }[]): Promise<void> {
    const queue = this.queue.queue(REMINDER_QUEUE);
    await Promise.all(
      rows.map(async (row) => {
        const job = await queue.getJob(reminderJobId(row.id, row.version));
        if (!job) return;
        const state = await job.getState();
        if (state === 'completed' || state === 'failed') await job.remove();
      }),
    );
  }
}

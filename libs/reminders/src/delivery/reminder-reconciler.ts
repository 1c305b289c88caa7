import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { JobState } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppConfig, Clock, JobQueue, RedisConnection } from '@attune/platform';
import { Escalations } from '../escalations/escalations.js';
import { CheckInPrompts } from '../plans/check-in-prompts.js';
import { MedicationPlans } from '../plans/medication-plans.js';
import { REMINDER_QUEUE, ReminderJobs, reminderJobId } from '../rows/reminder-jobs.js';

const BATCH = 2000;
const LIVE: (JobState | 'unknown')[] = ['active', 'waiting', 'waiting-children', 'delayed', 'prioritized'];

export interface ReminderReconcileResult {
  /** Redis had lost its marker (emptied, replaced, or first start): every pending row was enqueued again. */
  redisWasEmptied: boolean;
  planned: number;
  enqueued: number;
  overdue: number;
  stale: number;
  /** Pending escalations enqueued again. */
  escalations: number;
  /** Reminders whose every channel failed for good: sent → failed. */
  failed: number;
}

/**
 * PostgreSQL is the record; Redis only carries work. Run at boot and every minute by the worker:
 * - extends the rolling plans (check-in prompts, medication);
 * - visit reminders whose visit has started → skipped: stale;
 * - rows due within the horizon with no job for their version → enqueued;
 * - rows overdue past the grace and still scheduled (their job was lost) → enqueued again;
 * - pending escalations without a live job → enqueued again;
 * - reminders whose every channel failed for good (no in-app copy, every email/text failed) → failed,
 *   with the channels' (redacted) errors;
 * - a missing marker key means Redis lost everything: all pending rows count as having no job.
 * Enqueuing uses the derived job id, so a job that still exists is never doubled, and the guarded claim
 * makes any duplicate that slipped through send nothing.
 */
@Injectable()
export class ReminderReconciler {
  private readonly log = new Logger('reminders');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jobs: ReminderJobs,
    private readonly queue: JobQueue,
    private readonly redis: RedisConnection,
    private readonly checkIns: CheckInPrompts,
    private readonly medications: MedicationPlans,
    private readonly escalations: Escalations,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async reconcile(): Promise<ReminderReconcileResult> {
    const redisWasEmptied = await this.redisWasEmptied();
    const planned = (await this.checkIns.extendAll()) + (await this.medications.extendAll());
    const stale = await this.skipStale();
    const enqueued = await this.enqueueWithoutJob();
    const overdue = await this.enqueueOverdue();
    const escalations = await this.escalations.reconcile();
    const failed = await this.failUndelivered();
    const result = { redisWasEmptied, planned, enqueued, overdue, stale, escalations, failed };
    if (redisWasEmptied || enqueued + overdue + stale + escalations + failed > 0) this.log.log(result, 'reminders reconciled');
    return result;
  }

  /**
   * A marker with no expiry lives in Redis beside the jobs. Gone means Redis lost its data (FLUSHALL, a
   * new server, a failover without persistence): forget which rows have jobs.
   */
  private async redisWasEmptied(): Promise<boolean> {
    const key = `${this.config.redisPrefix}:reminder-epoch`;
    const set = await this.redis.client.set(key, this.clock.now().toISOString(), 'NX');
    if (set !== 'OK') return false;
    await this.db.query(`UPDATE reminder SET enqueued_version = NULL WHERE status = 'scheduled' AND enqueued_version IS NOT NULL`);
    await this.escalations.forgetJobs();
    return true;
  }

  private async failUndelivered(): Promise<number> {
    const now = this.clock.now();
    const [rows]: [{ id: string }[], number] = await this.db.query(
      `UPDATE reminder r SET status = 'failed', status_reason = 'delivery_failed', last_error = f.errors, updated_at = $1
         FROM (SELECT m.reminder_id, string_agg(m.channel || ': ' || coalesce(m.last_error, 'failed'), '; ' ORDER BY m.channel) AS errors
                 FROM outbound_message m
                WHERE m.status = 'failed' AND m.reminder_id IS NOT NULL AND m.created_at > $2
                GROUP BY m.reminder_id) f
        WHERE r.id = f.reminder_id AND r.status = 'sent'
          AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.reminder_id = r.id)
          AND NOT EXISTS (SELECT 1 FROM outbound_message o WHERE o.reminder_id = r.id AND o.status <> 'failed')
       RETURNING r.id`,
      [now, new Date(now.getTime() - 2 * 86_400_000)],
    );
    return rows.length;
  }

  private async skipStale(): Promise<number> {
    const now = this.clock.now();
    const [rows]: [{ id: string }[], number] = await this.db.query(
      `UPDATE reminder SET status = 'skipped', status_reason = 'stale', version = version + 1, updated_at = $1
        WHERE status = 'scheduled' AND kind = 'visit' AND subject_at <= $1 RETURNING id`,
      [now],
    );
    return rows.length;
  }

  private async enqueueWithoutJob(): Promise<number> {
    const horizon = new Date(this.clock.now().getTime() + this.config.reminders.horizonSeconds * 1000);
    let total = 0;
    for (;;) {
      const rows: { id: string; version: number; due_at: Date }[] = await this.db.query(
        `SELECT id, version, due_at FROM reminder
          WHERE status = 'scheduled' AND due_at <= $1 AND enqueued_version IS DISTINCT FROM version
          ORDER BY due_at LIMIT $2`,
        [horizon, BATCH],
      );
      if (rows.length === 0) return total;
      total += await this.jobs.enqueue(rows.map((r) => ({ id: r.id, version: r.version, dueAt: r.due_at })), { replaceFinished: true });
      if (rows.length < BATCH) return total;
    }
  }

  /** Still scheduled well after it was due: its job is gone (or failed for good). A live job is left to run. */
  private async enqueueOverdue(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - this.config.reminders.overdueGraceSeconds * 1000);
    const rows: { id: string; version: number; due_at: Date }[] = await this.db.query(
      `SELECT id, version, due_at FROM reminder WHERE status = 'scheduled' AND due_at < $1 AND enqueued_version = version ORDER BY due_at LIMIT $2`,
      [before, BATCH],
    );
    const queue = this.queue.queue(REMINDER_QUEUE);
    const lost: typeof rows = [];
    for (const row of rows) {
      const job = await queue.getJob(reminderJobId(row.id, row.version));
      if (job && LIVE.includes(await job.getState())) continue;
      lost.push(row);
    }
    if (lost.length === 0) return 0;
    return this.jobs.enqueue(lost.map((r) => ({ id: r.id, version: r.version, dueAt: r.due_at })), { replaceFinished: true });
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { JobState } from 'bullmq';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig, Clock, JobQueue, Jobs, jobId, type AfterCommit } from '@attune/platform';
import type { NewReminder } from '../rows/reminder-kinds.js';
import { ReminderJobs } from '../rows/reminder-jobs.js';
import { ReminderRows } from '../rows/reminder-rows.js';
import { OnCallRoster } from './on-call-roster.js';

export const escalationJobId = (escalationId: string, version: number) => jobId('escalation', escalationId, `v${version}`);
const QUEUE = Jobs.escalateAlert.queue;
const LIVE: (JobState | 'unknown')[] = ['active', 'waiting', 'waiting-children', 'delayed', 'prioritized'];

export type EscalationOutcome = 'notified' | 'not-claimed';

export interface ScheduledEscalation {
  id: string;
  version: number;
  due_at: Date;
}

/**
 * The escalation engine (for the check-in issue's alerts): a row per alert and tier, a delayed job that
 * checks acknowledgement when it fires, and — if nobody acknowledged — critical reminders (in-app, SMS,
 * email; through quiet hours) to whoever is on call then, or the supervisors when nobody is.
 */
@Injectable()
export class Escalations {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly roster: OnCallRoster,
    private readonly rows: ReminderRows,
    private readonly reminderJobs: ReminderJobs,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * The statement part that schedules escalations: an INSERT of the first tier for each alert the CTE
   * named `raised` returns (columns organization_id, id, client_id), due `dueParam`, at `nowParam`. A
   * statement that raises alerts includes it, so an alert and its escalation commit as one, in one round
   * trip. It returns the scheduled rows; pass them to `afterScheduled`. A repeat schedules nothing.
   */
  static scheduleSql(raised: string, dueParam: string, nowParam: string): string {
    return `INSERT INTO escalation (organization_id, alert_id, client_id, tier, due_at, created_at, updated_at)
      SELECT organization_id, id, client_id, 1, ${dueParam}, ${nowParam}, ${nowParam} FROM ${raised}
      ON CONFLICT (alert_id, tier) DO NOTHING RETURNING id, version, due_at, alert_id`;
  }

  /** After the commit of `scheduleSql`'s statement: the delayed jobs that check acknowledgement. */
  afterScheduled(rows: ScheduledEscalation[]): AfterCommit | undefined {
    return rows.length > 0 ? () => this.enqueue(rows) : undefined;
  }

  /** The alert was acknowledged: pending escalations of it will notify nobody. */
  async acknowledge(tx: EntityManager, organizationId: string, alertId: string): Promise<AfterCommit | undefined> {
    const [rows]: [{ id: string; enqueued_version: number | null }[], number] = await tx.query(
      `UPDATE escalation SET status = 'acknowledged', version = version + 1, updated_at = $3
        WHERE organization_id = $1 AND alert_id = $2 AND status = 'pending' RETURNING id, enqueued_version`,
      [organizationId, alertId, this.clock.now()],
    );
    if (rows.length === 0) return undefined;
    return async () => {
      const queue = this.queue.queue(QUEUE);
      // Best effort: a job that stays claims nothing (its row is no longer pending).
      await Promise.all(rows.filter((r) => r.enqueued_version !== null).map((r) => queue.remove(escalationJobId(r.id, r.enqueued_version!)).catch(() => 0)));
    };
  }

  /** The job: still pending at this version → notify the people on call now, in the same transaction. */
  async fire(escalationId: string, version: number): Promise<EscalationOutcome> {
    const now = this.clock.now();
    let reminders: AfterCommit | undefined;
    const outcome = await this.db.transaction(async (tx) => {
      const [claimed]: [{ organization_id: string; alert_id: string; client_id: string | null; tier: number }[], number] = await tx.query(
        `UPDATE escalation SET status = 'notified', updated_at = $3 WHERE id = $1 AND version = $2 AND status = 'pending'
          RETURNING organization_id, alert_id, client_id, tier`,
        [escalationId, version, now],
      );
      const escalation = claimed[0];
      if (!escalation) return 'not-claimed' as const;
      const recipients = await this.roster.whoIsOnCall(tx, escalation.organization_id, escalation.client_id, now);
      const planned: NewReminder[] = recipients.map((recipientUserId) => ({
        organizationId: escalation.organization_id,
        recipientUserId,
        clientId: escalation.client_id,
        kind: 'escalation',
        subjectId: escalation.alert_id,
        slot: `tier-${escalation.tier}`,
        dueAt: now,
        subjectAt: null,
        channels: ['in_app', 'sms', 'email'],
      }));
      const changes = await this.rows.upsert(tx, escalation.organization_id, planned);
      await tx.query(`UPDATE escalation SET notified_user_ids = $2 WHERE id = $1`, [escalationId, recipients]);
      reminders = this.reminderJobs.afterCommit(changes);
      return 'notified' as const;
    });
    await reminders?.();
    return outcome;
  }

  /** Pending escalations whose job Redis lost (or never got) are enqueued again. The reconciler calls this. */
  async reconcile(): Promise<number> {
    const overdue = new Date(this.clock.now().getTime() - this.config.reminders.overdueGraceSeconds * 1000);
    const rows: ScheduledEscalation[] = await this.db.query(
      `SELECT id, version, due_at FROM escalation WHERE status = 'pending' AND (enqueued_version IS DISTINCT FROM version OR due_at < $1) LIMIT 1000`,
      [overdue],
    );
    const queue = this.queue.queue(QUEUE);
    const lost: ScheduledEscalation[] = [];
    for (const row of rows) {
      const job = await queue.getJob(escalationJobId(row.id, row.version));
      if (job && LIVE.includes(await job.getState())) continue;
      if (job) await job.remove();
      lost.push(row);
    }
    if (lost.length > 0) await this.enqueue(lost);
    return lost.length;
  }

  /** Forgets which escalations have jobs (Redis was emptied). */
  async forgetJobs(): Promise<void> {
    await this.db.query(`UPDATE escalation SET enqueued_version = NULL WHERE status = 'pending'`);
  }

  private async enqueue(rows: readonly ScheduledEscalation[]): Promise<void> {
    const now = this.clock.now().getTime();
    await this.queue.enqueueMany(
      'escalateAlert',
      rows.map((row) => ({ data: { escalationId: row.id, version: row.version }, options: { jobId: escalationJobId(row.id, row.version), delay: Math.max(0, row.due_at.getTime() - now) } })),
    );
    await this.db.query(
      `UPDATE escalation e SET enqueued_version = v.version FROM unnest($1::uuid[], $2::int[]) AS v(id, version) WHERE e.id = v.id AND e.version = v.version`,
      [rows.map((r) => r.id), rows.map((r) => r.version)],
    );
  }
}

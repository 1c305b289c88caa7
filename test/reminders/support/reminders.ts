import { randomUUID } from 'node:crypto';
import { ReminderJobs, ReminderReconciler, ReminderRows, REMINDER_QUEUE, type NewReminder } from '@attune/reminders';
import { DomainEvents, JobQueue, type DomainEventMap } from '@attune/platform';
import type { TestApp } from '../../support/test-app.js';

export interface ReminderRow {
  id: string;
  recipient_user_id: string;
  kind: string;
  slot: string;
  due_at: Date;
  version: number;
  enqueued_version: number | null;
  status: string;
  status_reason: string | null;
  attempts: number;
  last_error: string | null;
}

/** Publishes a visit event the way scheduling does: inside a transaction, then its after-commit work. */
export async function publishVisit<N extends 'visit.scheduled' | 'visit.series_scheduled' | 'visit.rescheduled' | 'visit.cancelled' | 'visit.completed'>(
  t: TestApp,
  name: N,
  event: DomainEventMap[N] & { attendeeUserIds?: string[] },
): Promise<void> {
  const events = t.app.get(DomainEvents);
  const followUps = await t.db.transaction((tx) => events.publish(tx, name, event));
  await events.afterCommit(followUps);
}

export const newVisitId = () => randomUUID();

/** Writes reminders and enqueues them as a plan does. */
export async function planReminders(t: TestApp, rows: NewReminder[]): Promise<string[]> {
  const changes = await t.db.transaction((tx) => t.app.get(ReminderRows).upsert(tx, rows[0].organizationId, rows));
  await t.app.get(ReminderJobs).afterCommit(changes)?.();
  return changes.map((c) => c.id);
}

export async function remindersOf(t: TestApp, subjectId: string): Promise<ReminderRow[]> {
  return t.db.query(
    `SELECT id, recipient_user_id, kind, slot, due_at, version, enqueued_version, status, status_reason, attempts, last_error
       FROM reminder WHERE subject_id = $1 ORDER BY recipient_user_id, due_at`,
    [subjectId],
  );
}

export async function reminder(t: TestApp, id: string): Promise<ReminderRow> {
  const [row] = await t.db.query<ReminderRow[]>(
    `SELECT id, recipient_user_id, kind, slot, due_at, version, enqueued_version, status, status_reason, attempts, last_error FROM reminder WHERE id = $1`,
    [id],
  );
  return row;
}

export async function notificationsFor(t: TestApp, reminderIds: string[]): Promise<{ reminder_id: string; recipient_user_id: string }[]> {
  return t.db.query(`SELECT reminder_id, recipient_user_id FROM notification WHERE reminder_id = ANY($1::uuid[])`, [reminderIds]);
}

export async function messagesFor(t: TestApp, reminderIds: string[]): Promise<{ reminder_id: string; channel: string; status: string; attempts: number; last_error: string | null }[]> {
  return t.db.query(`SELECT reminder_id, channel, status, attempts, last_error FROM outbound_message WHERE reminder_id = ANY($1::uuid[])`, [reminderIds]);
}

/**
 * "Time passes" for Redis as it does for the FixedClock: moves the clock, runs the reconciler as the
 * worker's timer would (rows entering the horizon get their jobs), and promotes the delayed reminder jobs
 * that are now due, so they run at once instead of after a real wait.
 */
export async function advanceAndFire(t: TestApp, seconds: number): Promise<number> {
  t.clock.advance(seconds);
  await t.app.get(ReminderReconciler).reconcile();
  const queue = t.app.get(JobQueue).queue(REMINDER_QUEUE);
  const delayed = await queue.getDelayed();
  const now = t.clock.now().getTime();
  let fired = 0;
  for (const job of delayed) {
    const [row] = await t.db.query<{ due_at: Date }[]>(`SELECT due_at FROM reminder WHERE id = $1`, [job.data.reminderId]);
    if (row && row.due_at.getTime() <= now) {
      await job.promote();
      fired += 1;
    }
  }
  return fired;
}

/** Waits (polling the database, never a fixed sleep) until `check` holds, or fails after `timeoutMs`. */
export async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** No reminder job is waiting, delayed-and-due or running. */
export async function queueIdle(t: TestApp): Promise<boolean> {
  const counts = await t.app.get(JobQueue).queue(REMINDER_QUEUE).getJobCounts('active', 'wait', 'prioritized');
  return counts.active + counts.wait + counts.prioritized === 0;
}

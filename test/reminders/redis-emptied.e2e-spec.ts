import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { ReminderReconciler, REMINDER_QUEUE, type NewReminder } from '@attune/reminders';
import { JobQueue } from '@attune/platform';
import { createClient, createOrganization, startPrivateRedis, type ClientRecord, type Org, type PrivateRedis } from '@attune/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { planReminders, waitUntil } from './support/reminders.js';

/** PostgreSQL is the record: Redis emptied with FLUSHALL while 1,000 reminders wait loses none of them. */
describe('reminders survive an emptied Redis', () => {
  let redis: PrivateRedis;
  let t: TestApp;
  let org: Org;
  let client: ClientRecord;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    t = await startTestApp({ env: { REDIS_URL: redis.url, REMINDER_RECONCILE_INTERVAL_MS: '3600000', WORKER_CONCURRENCY: '20' } });
    org = await createOrganization(t.db);
    client = await createClient(t.db, org);
  });
  afterAll(async () => {
    await t.close();
    await redis.stop();
  });

  // This test's own reminders only: the worker's sweeps may plan others for the client as the clock moves
  // on by two days (a daily check-in prompt, a measure falling due).
  const counts = async () => {
    const [row] = await t.db.query<{ sent: number; scheduled: number; notifications: number; distinct_notified: number; max_attempts: number }[]>(
      `WITH mine AS (SELECT * FROM reminder WHERE recipient_user_id = $1 AND kind = 'follow_up')
       SELECT count(*) FILTER (WHERE r.status = 'sent')::int AS sent, count(*) FILTER (WHERE r.status = 'scheduled')::int AS scheduled,
              (SELECT count(*)::int FROM notification n JOIN mine ON mine.id = n.reminder_id) AS notifications,
              (SELECT count(DISTINCT n.reminder_id)::int FROM notification n JOIN mine ON mine.id = n.reminder_id) AS distinct_notified,
              max(r.attempts)::int AS max_attempts
         FROM mine r`,
      [client.userId],
    );
    return row;
  };

  it('delivers every one of 1,000 pending reminders exactly once after FLUSHALL', async () => {
    const now = t.clock.now().getTime();
    const reminder = (dueInSeconds: number): NewReminder => ({
      organizationId: org.id,
      recipientUserId: client.userId,
      clientId: client.clientId,
      kind: 'follow_up',
      subjectId: randomUUID(),
      slot: 'due',
      dueAt: new Date(now + dueInSeconds * 1000),
      subjectAt: null,
      channels: ['in_app'],
    });
    // 900 due in ten minutes (delayed jobs in Redis), 100 the day after tomorrow (beyond the horizon: no job yet).
    await planReminders(t, [...Array.from({ length: 900 }, () => reminder(600)), ...Array.from({ length: 100 }, () => reminder(48 * 3600))]);
    const queue = t.app.get(JobQueue).queue(REMINDER_QUEUE);
    expect(await queue.getDelayedCount()).toBe(900);

    const admin = new Redis(redis.url);
    await admin.flushall();
    expect(await queue.getDelayedCount()).toBe(0);

    // The worker's timer runs the reconciler at boot and every minute; here we run it as time passes.
    const reconciler = t.app.get(ReminderReconciler);
    t.clock.advance(600);
    expect(await reconciler.reconcile()).toMatchObject({ redisWasEmptied: true, enqueued: 900 });
    await waitUntil(async () => (await counts()).sent === 900, '900 reminders sent', 60_000);

    t.clock.advance(48 * 3600);
    expect(await reconciler.reconcile()).toMatchObject({ redisWasEmptied: false, enqueued: 100 });
    await waitUntil(async () => (await counts()).sent === 1000, '1,000 reminders sent', 60_000);

    // Emptied again afterwards, and reconciled twice: nothing is sent a second time.
    await admin.flushall();
    expect(await reconciler.reconcile()).toMatchObject({ redisWasEmptied: true, enqueued: 0, overdue: 0 });
    expect(await reconciler.reconcile()).toMatchObject({ redisWasEmptied: false, enqueued: 0, overdue: 0 });
    await admin.quit();
    expect(await counts()).toEqual({ sent: 1000, scheduled: 0, notifications: 1000, distinct_notified: 1000, max_attempts: 1 });
  });
});

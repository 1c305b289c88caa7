import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { MessageReconciler } from '@attune/notifications';
import type { NewReminder } from '@attune/reminders';
import { JobQueue, Jobs } from '@attune/platform';
import { createClient, createOrganization, type ClientRecord, type Org } from '@attune/testing';
import { spawnAttuneProcess, type AttuneProcess } from '../support/spawn-process.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { RecordingSmsApi } from '../notifications/support/recording-sms-api.js';
import { planReminders, waitUntil } from './support/reminders.js';

/**
 * Real worker processes (compiled dist/apps/worker), killed with SIGKILL mid-batch or running two at once.
 * The test process only produces: its app runs no job processors.
 */
describe('reminders across worker processes', () => {
  const smsApi = new RecordingSmsApi();
  let smsPort: number;
  let t: TestApp;
  let org: Org;
  const workers: AttuneProcess[] = [];

  beforeAll(async () => {
    smsPort = await smsApi.start();
    t = await startTestApp({ worker: false });
    org = await createOrganization(t.db);
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop('SIGKILL')));
  });
  afterAll(async () => {
    await t.close();
    await smsApi.close();
  });

  const startWorker = async () => {
    const worker = await spawnAttuneProcess('worker', {
      NODE_ENV: 'test',
      DATABASE_URL: t.database.url,
      DATABASE_POOL_MAX: '4',
      REDIS_URL: t.config.redis.url,
      REDIS_PREFIX: t.config.redisPrefix,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'attune-worker-')),
      JWT_SECRET: t.config.jwtSecret,
      AUDIT_HMAC_KEY: t.config.auditHmacKey,
      SMS_API_URL: `http://127.0.0.1:${smsPort}/2010-04-01`,
      SMS_ACCOUNT_SID: 'AC1',
      SMS_AUTH_TOKEN: 'token',
      SMS_FROM: '+15550000000',
      WORKER_CONCURRENCY: '10',
      // A killed worker's running jobs are noticed (stalled) after about a second instead of 30.
      WORKER_JOB_LOCK_MS: '1000',
    });
    workers.push(worker);
    await worker.waitForOutput(/job workers running/);
    return worker;
  };

  const plan = async (client: ClientRecord, count: number) => {
    const now = t.clock.now();
    const rows: NewReminder[] = Array.from({ length: count }, () => ({
      organizationId: org.id,
      recipientUserId: client.userId,
      clientId: client.clientId,
      kind: 'follow_up',
      subjectId: randomUUID(),
      slot: 'due',
      dueAt: now,
      subjectAt: null,
      channels: ['in_app', 'sms'],
    }));
    return planReminders(t, rows);
  };

  const tally = async (client: ClientRecord) => {
    const [row] = await t.db.query<{ sent: number; notifications: number; distinct_notified: number; messages: number; distinct_messages: number; texts_sent: number; texts_sending: number }[]>(
      `SELECT (SELECT count(*)::int FROM reminder WHERE recipient_user_id = $1 AND status = 'sent') AS sent,
              (SELECT count(*)::int FROM notification WHERE recipient_user_id = $1) AS notifications,
              (SELECT count(DISTINCT reminder_id)::int FROM notification WHERE recipient_user_id = $1) AS distinct_notified,
              (SELECT count(*)::int FROM outbound_message WHERE recipient_user_id = $1) AS messages,
              (SELECT count(DISTINCT reminder_id)::int FROM outbound_message WHERE recipient_user_id = $1) AS distinct_messages,
              (SELECT count(*)::int FROM outbound_message WHERE recipient_user_id = $1 AND status = 'sent') AS texts_sent,
              (SELECT count(*)::int FROM outbound_message WHERE recipient_user_id = $1 AND status = 'sending') AS texts_sending`,
      [client.userId],
    );
    return row;
  };
  const textsAccepted = (client: ClientRecord) => smsApi.requests.filter((r) => r.form.To === client.phone && r.status < 300).length;

  it('two workers at once send no duplicates', async () => {
    const client = await createClient(t.db, org);
    await Promise.all([startWorker(), startWorker()]);
    await plan(client, 400);
    await waitUntil(async () => (await tally(client)).texts_sent === 400, '400 texts sent', 60_000);
    expect(await tally(client)).toEqual({ sent: 400, notifications: 400, distinct_notified: 400, messages: 400, distinct_messages: 400, texts_sent: 400, texts_sending: 0 });
    expect(textsAccepted(client)).toBe(400);
  }, 90_000);

  it('a worker killed mid-batch: in-app exactly once after a restart; no text sent twice', async () => {
    const client = await createClient(t.db, org);
    const first = await startWorker();
    await plan(client, 1000);
    await waitUntil(async () => (await tally(client)).sent >= 150, 'a part of the batch sent', 60_000);
    await first.stop('SIGKILL');
    const atKill = await tally(client);
    expect(atKill.sent).toBeLessThan(1000); // it really died mid-batch

    await startWorker();
    await waitUntil(async () => (await tally(client)).sent === 1000, 'every reminder sent', 60_000);
    // Texts still queued when the worker died are sent by the new one; one in flight at the kill (left
    // 'sending') is failed as interrupted by the message reconciler after its lease, never resent.
    // A reminder committed just before the kill may not have had its text dispatched yet: the message
    // reconciler re-dispatches it after its 30 s grace. Time passes for it here instead of in real time
    // (the worker process stamped the messages with the system clock).
    t.clock.set(new Date(Date.now() + 31_000));
    await t.app.get(MessageReconciler).reconcile();
    const messages = t.app.get(JobQueue).queue(Jobs.deliverMessage.queue);
    await waitUntil(async () => {
      const now = await tally(client);
      const jobs = await messages.getJobCounts('active', 'wait', 'delayed', 'prioritized');
      return now.texts_sent + now.texts_sending === 1000 && jobs.active + jobs.wait + jobs.delayed + jobs.prioritized === 0;
    }, 'texts settled', 60_000);
    const after = await tally(client);
    expect(after).toMatchObject({ sent: 1000, notifications: 1000, distinct_notified: 1000, messages: 1000, distinct_messages: 1000 });
    expect(after.texts_sending).toBeLessThanOrEqual(10); // in flight when it died: at most its concurrency
    const accepted = textsAccepted(client);
    expect(accepted).toBeGreaterThanOrEqual(after.texts_sent);
    expect(accepted).toBeLessThanOrEqual(after.texts_sent + after.texts_sending);
  }, 120_000);
});

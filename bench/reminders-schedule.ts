import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { ReminderJobs, ReminderRows, type NewReminder } from '@attune/reminders';
import { buildConfig, dataSourceOptions, JobQueue, readEnvironment, SystemClock, bullConnection } from '@attune/platform';
import { createClient, createOrganization, createTestDatabase, ensureTemplateDatabase, TEST_REDIS_URL } from '@attune/testing';
import { round } from './lib/load.js';
import { rawPool } from './lib/raw-pool.js';

const COUNT = Number(process.env.BENCH_REMINDERS ?? 100_000);

/**
 * reminders-schedule: plan COUNT reminders — rows in one transaction, then their delayed jobs (ids only,
 * derived ids) and the record of which version has a job — through ReminderRows and ReminderJobs, vs a
 * floor in the same run: raw `pg` inserting the same rows (same batches) plus bare BullMQ `addBulk` of the
 * same jobs. Ratio = floor time / Attune time (goal ≥ 0.5).
 */
export async function remindersSchedule(): Promise<Record<string, unknown>> {
  await ensureTemplateDatabase();
  const database = await createTestDatabase();
  const secret = randomBytes(32).toString('hex');
  const env = { DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, JWT_SECRET: secret, AUDIT_HMAC_KEY: secret, REDIS_PREFIX: `bench-${randomBytes(3).toString('hex')}`, NODE_ENV: 'production', REMINDER_HORIZON_SECONDS: String(2 * 86400) };
  const config = buildConfig(readEnvironment(env), { url: database.url, poolMax: 4, source: 'configured' }, { url: TEST_REDIS_URL, source: 'configured' });
  const db = await new DataSource(dataSourceOptions(config)).initialize();
  const clock = new SystemClock();
  const jobQueue = new JobQueue(config);
  const rows = new ReminderRows(clock);
  const jobs = new ReminderJobs(jobQueue, clock, config, db);
  const org = await createOrganization(db);
  const client = await createClient(db, org);
  const pool = rawPool(database.url, 4);
  const floorQueue = new Queue('reminders-floor', { connection: bullConnection(TEST_REDIS_URL, 'bench-floor'), prefix: config.redisPrefix });

  const make = (): NewReminder[] => {
    const now = Date.now();
    return Array.from({ length: COUNT }, (_, i) => ({
      organizationId: org.id,
      recipientUserId: client.userId,
      clientId: client.clientId,
      kind: 'follow_up',
      subjectId: randomUUID(),
      slot: 'due',
      dueAt: new Date(now + 3600_000 + (i % 43_200) * 1000),
      subjectAt: null,
      channels: ['in_app'],
    }));
  };

  const attune = async () => {
    const planned = make();
    const t0 = performance.now();
    const changes = await db.transaction((tx) => rows.upsert(tx, org.id, planned));
    await jobs.afterCommit(changes)!();
    return { ms: performance.now() - t0, planned: changes.length };
  };

  const floor = async () => {
    const planned = make();
    const t0 = performance.now();
    const c = await pool.connect();
    const inserted: { id: string; due_at: Date }[] = [];
    try {
      await c.query('BEGIN');
      for (let start = 0; start < planned.length; start += 5000) {
        const batch = planned.slice(start, start + 5000);
        const result = await c.query<{ id: string; due_at: Date }>(
          `INSERT INTO reminder (organization_id, recipient_user_id, client_id, kind, subject_id, slot, due_at, channels, created_at, updated_at)
           SELECT $1, $2, $3, 'follow_up', s, 'due', d, ARRAY['in_app'], now(), now() FROM unnest($4::uuid[], $5::timestamptz[]) AS r(s, d)
           RETURNING id, due_at`,
          [org.id, client.userId, client.clientId, batch.map((r) => r.subjectId), batch.map((r) => r.dueAt)],
        );
        inserted.push(...result.rows);
      }
      await c.query('COMMIT');
    } finally {
      c.release();
    }
    const now = Date.now();
    for (let start = 0; start < inserted.length; start += 1000) {
      await floorQueue.addBulk(
        inserted.slice(start, start + 1000).map((r) => ({
          name: 'deliverReminder',
          data: { reminderId: r.id, version: 1 },
          opts: { jobId: `reminder-${r.id}-v1`, delay: r.due_at.getTime() - now, removeOnComplete: 1000, removeOnFail: 5000 },
        })),
      );
    }
    return { ms: performance.now() - t0 };
  };

  try {
    const floorRun = await floor();
    const attuneRun = await attune();
    const [{ with_job }] = await db.query<{ with_job: number }[]>(`SELECT count(*)::int AS with_job FROM reminder WHERE enqueued_version = version`);
    const delayed = await jobQueue.queue('reminders').getDelayedCount();
    return {
      bench: 'reminders-schedule',
      reminders: COUNT,
      ms: round(attuneRun.ms),
      perSecond: round(COUNT / (attuneRun.ms / 1000)),
      rowsWithJob: with_job,
      delayedJobs: delayed,
      floor: { ms: round(floorRun.ms), perSecond: round(COUNT / (floorRun.ms / 1000)) },
      ratio: round(floorRun.ms / attuneRun.ms, 3),
      goal: 0.5,
    };
  } finally {
    await jobQueue.queue('reminders').obliterate({ force: true });
    await floorQueue.obliterate({ force: true });
    await floorQueue.close();
    await jobQueue.onModuleDestroy();
    await pool.end();
    await db.destroy();
    await database.drop();
  }
}

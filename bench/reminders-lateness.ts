import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, Worker } from 'bullmq';
import { DataSource } from 'typeorm';
import { ReminderJobs, ReminderRows, type NewReminder } from '@attune/reminders';
import { answersOn, buildConfig, bullConnection, dataSourceOptions, freePort, JobQueue, readEnvironment, SystemClock, type AppConfig } from '@attune/platform';
import { createClient, createOrganization, createTestDatabase, ensureTemplateDatabase } from '@attune/testing';
import { round } from './lib/load.js';

const COUNT = Number(process.env.BENCH_REMINDERS ?? 10_000);
const SPREAD_S = Number(process.env.BENCH_SPREAD_SECONDS ?? 60);
const LEAD_MS = 5000;
const CONCURRENCY = 50;

/**
 * reminders-lateness, on a Redis of its own started as production runs it (`--hz 100`, AOF everysec):
 * - COUNT in-app reminders due uniformly over SPREAD_S seconds, delivered by a real worker process:
 *   p50/p99/max of (sent_at − due_at), vs bare BullMQ delayed jobs (no-op processor, same concurrency,
 *   same Redis) measured the same way; ratio = floor p99 / Attune p99;
 * - a burst of COUNT due at one instant: time to drain (goal ≤ 10 s);
 * - lost (never sent) and duplicated (notifications beyond one per reminder): goal 0 and 0.
 */
export async function remindersLateness(): Promise<Record<string, unknown>> {
  const redis = await startRedis();
  await ensureTemplateDatabase();
  const database = await createTestDatabase();
  const secret = randomBytes(32).toString('hex');
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    JWT_SECRET: secret,
    AUDIT_HMAC_KEY: secret,
    REDIS_PREFIX: 'bench',
    NODE_ENV: 'production',
    DATABASE_POOL_MAX: '20',
    WORKER_CONCURRENCY: String(CONCURRENCY),
    DATA_DIR: mkdtempSync(join(tmpdir(), 'attune-bench-')),
  };
  const config = buildConfig(readEnvironment(env), { url: database.url, poolMax: 4, source: 'configured' }, { url: redis.url, source: 'configured' });
  const db = await new DataSource(dataSourceOptions(config)).initialize();
  const clock = new SystemClock();
  const jobQueue = new JobQueue(config);
  const rows = new ReminderRows(clock);
  const jobs = new ReminderJobs(jobQueue, clock, config, db);
  const org = await createOrganization(db);
  const client = await createClient(db, org);
  let worker: ChildProcess | undefined;

  const plan = async (dueAt: (i: number) => Date): Promise<string[]> => {
    const planned: NewReminder[] = Array.from({ length: COUNT }, (_, i) => ({
      organizationId: org.id,
      recipientUserId: client.userId,
      clientId: client.clientId,
      kind: 'follow_up',
      subjectId: randomUUID(),
      slot: 'due',
      dueAt: dueAt(i),
      subjectAt: null,
      channels: ['in_app'],
    }));
    const changes = await db.transaction((tx) => rows.upsert(tx, org.id, planned));
    await jobs.afterCommit(changes)!();
    return changes.map((c) => c.id);
  };

  const settle = async (ids: string[], deadline: number) => {
    for (;;) {
      const [{ sent }] = await db.query<{ sent: number }[]>(`SELECT count(*)::int AS sent FROM reminder WHERE id = ANY($1::uuid[]) AND status = 'sent'`, [ids]);
      if (sent === ids.length || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250)); // polling another process's progress
    }
    const [row] = await db.query<{ sent: number; p50: number; p99: number; max: number; last: Date; notifications: number; distinct_notified: number }[]>(
      `SELECT count(*) FILTER (WHERE r.status = 'sent')::int AS sent,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.sent_at - r.due_at) * 1000) AS p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM r.sent_at - r.due_at) * 1000) AS p99,
              max(extract(epoch FROM r.sent_at - r.due_at) * 1000)::float AS max, max(r.sent_at) AS last,
              (SELECT count(*)::int FROM notification n WHERE n.reminder_id = ANY($1::uuid[])) AS notifications,
              (SELECT count(DISTINCT n.reminder_id)::int FROM notification n WHERE n.reminder_id = ANY($1::uuid[])) AS distinct_notified
         FROM reminder r WHERE r.id = ANY($1::uuid[])`,
      [ids],
    );
    return { ...row, lost: ids.length - row.sent, duplicated: row.notifications - row.distinct_notified };
  };

  try {
    worker = await startWorker(env);
    // Uniform over the spread.
    const start = Date.now() + LEAD_MS;
    const uniformIds = await plan((i) => new Date(start + Math.floor((i / COUNT) * SPREAD_S * 1000)));
    const uniform = await settle(uniformIds, start + SPREAD_S * 1000 + 60_000);
    // Burst: every one due at the same instant.
    const burstAt = Date.now() + LEAD_MS;
    const burstIds = await plan(() => new Date(burstAt));
    const burst = await settle(burstIds, burstAt + 60_000);
    stopProcess(worker);
    worker = undefined;
    const floor = await bareBullmq(config);
    return {
      bench: 'reminders-lateness',
      reminders: COUNT,
      spreadSeconds: SPREAD_S,
      p50: round(uniform.p50),
      p99: round(uniform.p99),
      max: round(uniform.max),
      burstDrainMs: round(burst.last.getTime() - burstAt),
      lost: uniform.lost + burst.lost,
      duplicated: uniform.duplicated + burst.duplicated,
      floor,
      ratio: round(floor.p99 / Math.max(1, uniform.p99), 3),
      goal: { p99: 100, burstDrainMs: 10_000, lost: 0, duplicated: 0 },
    };
  } finally {
    if (worker) stopProcess(worker);
    await jobQueue.onModuleDestroy();
    await db.destroy();
    await database.drop();
    await redis.stop();
  }
}

/** The floor: bare BullMQ delayed jobs on the same Redis, a no-op processor at the same concurrency. */
async function bareBullmq(config: AppConfig): Promise<{ p50: number; p99: number; max: number }> {
  const queue = new Queue('floor', { connection: bullConnection(config.redis.url, 'floor-producer'), prefix: 'floor' });
  const lateness: number[] = [];
  const worker = new Worker(
    'floor',
    (job) => {
      lateness.push(Date.now() - (job.data as { due: number }).due);
      return Promise.resolve();
    },
    { connection: bullConnection(config.redis.url, 'floor-worker'), prefix: 'floor', concurrency: CONCURRENCY },
  );
  const start = Date.now() + LEAD_MS;
  for (let i = 0; i < COUNT; i += 1000) {
    const now = Date.now(); // a delay counts from when the job is added
    await queue.addBulk(
      Array.from({ length: Math.min(1000, COUNT - i) }, (_, k) => {
        const due = start + Math.floor(((i + k) / COUNT) * SPREAD_S * 1000);
        return { name: 'floor', data: { due }, opts: { jobId: `floor-${i + k}`, delay: due - now, removeOnComplete: true } };
      }),
    );
  }
  while (lateness.length < COUNT && Date.now() < start + SPREAD_S * 1000 + 30_000) await new Promise((r) => setTimeout(r, 250));
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  lateness.sort((a, b) => a - b);
  const at = (q: number) => round(lateness[Math.min(lateness.length - 1, Math.floor(q * lateness.length))]);
  return { p50: at(0.5), p99: at(0.99), max: round(lateness[lateness.length - 1]) };
}

async function startRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'attune-bench-redis-'));
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--hz', '100', '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--dir', dir], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 200 && !(await answersOn('127.0.0.1', port, 100)); i++) await new Promise((r) => setTimeout(r, 25));
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['dist/apps/worker/src/main.js'], { env: { ...process.env, ...env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('job workers running')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
  child.stdout.resume();
  return child;
}

function stopProcess(child: ChildProcess): void {
  if (child.exitCode === null) child.kill('SIGTERM');
}

import { randomBytes, randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { DataSource } from 'typeorm';
import { AccessTokens } from '@attune/identity';
import { buildConfig, dataSourceOptions, readEnvironment, SystemClock } from '@attune/platform';
import { createCareTeam, createOrganization, createTestDatabase, ensureTemplateDatabase, TEST_REDIS_URL } from '@attune/testing';
import { runLoad, round } from './lib/load.js';
import { runAtRate } from './lib/open-loop.js';
import { rawPool } from './lib/raw-pool.js';
import { spawnAttune } from './lib/spawn-attune.js';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const POOL = 10;

const body = () => ({ id: randomUUID(), mood: 4, craving: 3, used: false, medication: 'yes', sleepHours: 7.5, connection: 6, safetyConcern: false, note: 'Went to a meeting' });

/**
 * checkin-write: a client POSTs a check-in through the real api process (token and session check,
 * validation, access policy with its audit event, the insert and risk rules in a transaction, the emit to
 * the client's room through Redis) vs raw `pg` doing the same durable work — the check-in insert and the
 * audit insert in one transaction — at the same concurrency, with the same pool size. Then the p99 of
 * Attune at half its peak rate (open loop).
 */
export async function checkinWrite(): Promise<Record<string, unknown>> {
  await ensureTemplateDatabase();
  const database = await createTestDatabase();
  const secret = randomBytes(32).toString('hex');
  const env = { DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, JWT_SECRET: secret, AUDIT_HMAC_KEY: secret,
    DATABASE_POOL_MAX: String(POOL), REDIS_PREFIX: `bench-${randomBytes(3).toString('hex')}`, NODE_ENV: 'production' };
  const config = buildConfig(readEnvironment(env), { url: database.url, poolMax: POOL, source: 'configured' }, { url: TEST_REDIS_URL, source: 'configured' });
  const db = await new DataSource(dataSourceOptions(config)).initialize();
  const team = await createCareTeam(db, await createOrganization(db));
  const client = team.client;
  const sessionId = (await db.query(`INSERT INTO auth_session (user_id, created_at, expires_at) VALUES ($1, now(), now() + interval '1 day') RETURNING id`, [client.userId]))[0].id;
  const { token } = await new AccessTokens(config, new SystemClock()).issue({ userId: client.userId, organizationId: client.organizationId, role: 'client', sessionId });

  const attune = await spawnAttune('api', env);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY * 4 });
  const path = `/api/v1/clients/${client.clientId}/check-ins`;
  const postCheckIn = () =>
    new Promise<void>((resolve, reject) => {
      const payload = JSON.stringify(body());
      const req = request(`${attune.url}${path}`, { agent, method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 201 ? resolve() : reject(new Error(String(res.statusCode)))));
      });
      req.on('error', reject);
      req.end(payload);
    });

  const pool = rawPool(database.url, POOL);
  const rawInsertAndAudit = async () => {
    const b = body();
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      await c.query(
        `INSERT INTO check_in (id, organization_id, client_id, submitted_by, submitted_at, local_date, mood, craving, used, substance, medication, sleep_hours, connection, safety_concern, note, body_hash)
         VALUES ($1, $2, $3, $4, now(), current_date, $5, $6, $7, NULL, $8, $9, $10, $11, $12, $13)`,
        [b.id, client.organizationId, client.clientId, client.userId, b.mood, b.craving, b.used, b.medication, b.sleepHours, b.connection, b.safetyConcern, b.note, 'floor'],
      );
      await c.query(
        `INSERT INTO audit_event (organization_id, actor_user_id, actor_role, action, capability, client_id, subject_id, outcome, basis)
         VALUES ($1, $2, 'client', 'checkin.submit', 'checkins:submit', $3, $4, 'allowed', 'self')`,
        [client.organizationId, client.userId, client.clientId, b.id],
      );
      await c.query('COMMIT');
    } finally {
      c.release();
    }
  };

  try {
    await postCheckIn(); // fail fast if the route is broken
    await runLoad(postCheckIn, CONCURRENCY, 2); // warm-up
    await runLoad(rawInsertAndAudit, CONCURRENCY, 2);
    const floor = await runLoad(rawInsertAndAudit, CONCURRENCY, SECONDS);
    const measured = await runLoad(postCheckIn, CONCURRENCY, SECONDS);
    const halfPeak = await runAtRate(postCheckIn, measured.rps / 2, SECONDS);
    return {
      bench: 'checkin-write',
      concurrency: CONCURRENCY,
      rps: measured.rps,
      p50: measured.p50,
      p99: measured.p99,
      errors: measured.errors,
      halfPeak: { rps: halfPeak.achievedRps, p50: halfPeak.p50, p99: halfPeak.p99, errors: halfPeak.errors },
      floor: { rps: floor.rps, p50: floor.p50, p99: floor.p99 },
      ratio: round(measured.rps / floor.rps, 3),
      goal: 0.5,
    };
  } finally {
    agent.destroy();
    await pool.end();
    await db.destroy();
    await attune.stop();
    await database.drop();
  }
}

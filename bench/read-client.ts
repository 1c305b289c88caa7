import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { DataSource } from 'typeorm';
import { AccessTokens } from '@attune/identity';
import { buildConfig, dataSourceOptions, readEnvironment, SystemClock } from '@attune/platform';
import { createCareTeam, createOrganization, createTestDatabase, ensureTemplateDatabase, TEST_REDIS_URL } from '@attune/testing';
import { runLoad, round } from './lib/load.js';
import { rawPool } from './lib/raw-pool.js';
import { spawnAttune } from './lib/spawn-attune.js';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const POOL = 10;

/**
 * read-client: an authenticated GET of a client record through the real api process (token check,
 * session check, access policy, audit insert) vs raw `pg` doing the same durable work — the read and
 * the audit insert in one transaction — at the same concurrency, with the same pool size.
 */
export async function readClient(): Promise<Record<string, unknown>> {
  await ensureTemplateDatabase();
  const database = await createTestDatabase();
  const jwtSecret = randomBytes(32).toString('hex');
  const env = { DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, JWT_SECRET: jwtSecret, AUDIT_HMAC_KEY: jwtSecret,
    DATABASE_POOL_MAX: String(POOL), REDIS_PREFIX: `bench-${randomBytes(3).toString('hex')}`, NODE_ENV: 'production' };
  const config = buildConfig(readEnvironment(env), { url: database.url, poolMax: POOL, source: 'configured' }, { url: TEST_REDIS_URL, source: 'configured' });
  const db = await new DataSource(dataSourceOptions(config)).initialize();
  const team = await createCareTeam(db, await createOrganization(db));
  const sessionId = (await db.query(`INSERT INTO auth_session (user_id, created_at, expires_at) VALUES ($1, now(), now() + interval '1 day') RETURNING id`, [team.clinician.userId]))[0].id;
  const { token } = await new AccessTokens(config, new SystemClock()).issue({ userId: team.clinician.userId, organizationId: team.clinician.organizationId, role: 'clinician', sessionId });

  const attune = await spawnAttune('api', env);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const path = `/api/v1/clients/${team.client.clientId}`;
  const getClient = () =>
    new Promise<void>((resolve, reject) => {
      const req = request(`${attune.url}${path}`, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(String(res.statusCode)))));
      });
      req.on('error', reject);
      req.end();
    });

  const pool = rawPool(database.url, POOL);
  const rawReadAndAudit = async () => {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      await c.query(
        `SELECT c.id, c.preferred_name, c.status, c.connectivity, c.programme_start_date, u.email, u.phone, u.time_zone
           FROM client c JOIN user_account u ON u.id = c.user_id WHERE c.id = $1 AND c.organization_id = $2`,
        [team.client.clientId, team.client.organizationId],
      );
      await c.query(
        `INSERT INTO audit_event (organization_id, actor_user_id, actor_role, action, capability, client_id, outcome, basis)
         VALUES ($1, $2, 'clinician', 'client.read', 'client:read', $3, 'allowed', 'team')`,
        [team.client.organizationId, team.clinician.userId, team.client.clientId],
      );
      await c.query('COMMIT');
    } finally {
      c.release();
    }
  };

  try {
    await getClient(); // fail fast if the route is broken
    await runLoad(getClient, CONCURRENCY, 2); // warm-up
    await runLoad(rawReadAndAudit, CONCURRENCY, 2);
    const floor = await runLoad(rawReadAndAudit, CONCURRENCY, SECONDS);
    const measured = await runLoad(getClient, CONCURRENCY, SECONDS);
    return {
      bench: 'read-client',
      concurrency: CONCURRENCY,
      rps: measured.rps,
      p50: measured.p50,
      p99: measured.p99,
      errors: measured.errors,
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

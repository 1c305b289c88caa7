import { randomBytes } from 'node:crypto';
import { Agent } from 'node:http';
import { DataSource } from 'typeorm';
import { AccessTokens } from '@attune/identity';
import { buildConfig, dataSourceOptions, readEnvironment, SystemClock, type AppConfig } from '@attune/platform';
import { createCareTeam, createOrganization, createTestDatabase, ensureTemplateDatabase, TEST_REDIS_URL, type TestDatabase } from '@attune/testing';
import { spawnAttune, type RunningAttune } from './spawn-attune.js';
import { apiCall } from './api-call.js';

export interface SchedulingBench {
  database: TestDatabase;
  config: AppConfig;
  db: DataSource;
  attune: RunningAttune;
  /** Care teams with a signed-in clinician each. */
  team(): Promise<Awaited<ReturnType<typeof createCareTeam>> & { token: string }>;
  call(method: 'GET' | 'POST', path: string, token: string, body?: object): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

/** A fresh database, a spawned production-mode api with Jitsi links on, and helpers to call it. */
export async function schedulingBench(pool: number, concurrency: number): Promise<SchedulingBench> {
  await ensureTemplateDatabase();
  const database = await createTestDatabase();
  const secret = randomBytes(32).toString('hex');
  const env = {
    DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, JWT_SECRET: secret, AUDIT_HMAC_KEY: secret, DATABASE_POOL_MAX: String(pool),
    REDIS_PREFIX: `bench-${randomBytes(3).toString('hex')}`, NODE_ENV: 'production',
    MEETING_PROVIDER: 'jitsi', JITSI_DOMAIN: 'meet.example.org', JITSI_APP_ID: 'attune', JITSI_APP_SECRET: secret,
  };
  const config = buildConfig(readEnvironment(env), { url: database.url, poolMax: pool, source: 'configured' }, { url: TEST_REDIS_URL, source: 'configured' });
  const db = await new DataSource(dataSourceOptions(config)).initialize();
  const attune = await spawnAttune('api', env);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const tokens = new AccessTokens(config, new SystemClock());
  return {
    database,
    config,
    db,
    attune,
    async team() {
      const team = await createCareTeam(db, await createOrganization(db));
      const [session] = await db.query<{ id: string }[]>(`INSERT INTO auth_session (user_id, created_at, expires_at) VALUES ($1, now(), now() + interval '1 day') RETURNING id`, [team.clinician.userId]);
      const { token } = await tokens.issue({ userId: team.clinician.userId, organizationId: team.clinician.organizationId, role: 'clinician', sessionId: session.id });
      return { ...team, token };
    },
    call(method, path, token, body) {
      return apiCall(agent, `${attune.url}${path}`, method, token, body);
    },
    async close() {
      agent.destroy();
      await db.destroy();
      await attune.stop();
      await database.drop();
    },
  };
}

/** Runs tasks with at most `concurrency` at a time. */
export async function inParallel(tasks: (() => Promise<void>)[], concurrency: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < tasks.length) await tasks[next++]();
    }),
  );
}

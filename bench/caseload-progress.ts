import { randomBytes } from 'node:crypto';
import { Agent } from 'node:http';
import { DataSource } from 'typeorm';
import { AccessTokens } from '@attune/identity';
import { addDays, buildConfig, dataSourceOptions, localDate, readEnvironment, SystemClock } from '@attune/platform';
import { addToTeam, createCareTeam, createClient, createOrganization, createTestDatabase, ensureTemplateDatabase, TEST_REDIS_URL } from '@attune/testing';
import { countingProxy } from './lib/counting-proxy.js';
import { round, runLoad } from './lib/load.js';
import { rawPool } from './lib/raw-pool.js';
import { spawnAttune } from './lib/spawn-attune.js';
import { apiCall } from './lib/api-call.js';

const CLIENTS = 30;
const WEEKS_IN = 40;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const POOL = 4;

/**
 * caseload-progress: GET /caseload/curriculum-progress for a clinician with 30 clients, each 40 weeks into
 * the default 52-week plan, through the real api process (token, session check, the one progress query,
 * the audit insert for the 30 clients), one request at a time, vs one hand-written SQL query returning the
 * same figures over the same pool size. SQL statements per request are counted by a protocol-level proxy
 * between the api and PostgreSQL.
 */
export async function caseloadProgress(): Promise<Record<string, unknown>> {
  await ensureTemplateDatabase();
  const database = await createTestDatabase();
  const target = new URL(database.url);
  const proxy = await countingProxy(target.hostname, Number(target.port || 5432));
  const proxiedUrl = new URL(database.url);
  proxiedUrl.port = String(proxy.port);
  const secret = randomBytes(32).toString('hex');
  const env = { DATABASE_URL: proxiedUrl.toString(), REDIS_URL: TEST_REDIS_URL, JWT_SECRET: secret, AUDIT_HMAC_KEY: secret, DATABASE_POOL_MAX: String(POOL), REDIS_PREFIX: `bench-${randomBytes(3).toString('hex')}`, NODE_ENV: 'production' };
  const config = buildConfig(readEnvironment(env), { url: database.url, poolMax: POOL, source: 'configured' }, { url: TEST_REDIS_URL, source: 'configured' });
  const db = await new DataSource(dataSourceOptions(config)).initialize();
  const org = await createOrganization(db);
  const team = await createCareTeam(db, org);
  const clients = [team.client];
  for (let i = 1; i < CLIENTS; i++) {
    const client = await createClient(db, org);
    await addToTeam(db, client, team.clinician, 'clinician');
    clients.push(client);
  }
  // Each started 40 weeks ago (so week 40 opened this week, in Chicago).
  const start = addDays(localDate(new Date(), 'America/Chicago'), -7 * (WEEKS_IN - 1));
  await db.query(`UPDATE client SET programme_start_date = $2 WHERE organization_id = $1`, [org.id, start]);
  const [session] = await db.query<{ id: string }[]>(`INSERT INTO auth_session (user_id, created_at, expires_at) VALUES ($1, now(), now() + interval '1 day') RETURNING id`, [team.clinician.userId]);
  const { token } = await new AccessTokens(config, new SystemClock()).issue({ userId: team.clinician.userId, organizationId: org.id, role: 'clinician', sessionId: session.id });

  const attune = await spawnAttune('api', env);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const call = (method: 'GET' | 'POST', path: string, body?: object) => apiCall(agent, `${attune.url}/api/v1${path}`, method, token, body);
  const pool = rawPool(database.url, POOL);
  try {
    for (const client of clients) {
      const res = await call('POST', `/clients/${client.clientId}/curriculum`, {});
      if (res.status !== 201) throw new Error(`enrol answered ${res.status}: ${res.body}`);
    }
    // A realistic mix on the unlocked weeks: most done, some skipped or in progress, a few weeks untouched.
    await db.query(
      `UPDATE curriculum_plan_activity a SET status = CASE WHEN (hashtext(a.id::text) & 15) < 11 THEN 'done' WHEN (hashtext(a.id::text) & 15) = 11 THEN 'skipped' WHEN (hashtext(a.id::text) & 15) = 12 THEN 'in_progress' ELSE 'not_started' END,
              skip_reason = CASE WHEN (hashtext(a.id::text) & 15) = 11 THEN 'bench' END
         FROM curriculum_plan_module m WHERE m.id = a.plan_module_id AND m.organization_id = $1 AND m.week <= $2`,
      [org.id, WEEKS_IN],
    );
    await db.query(
      `UPDATE curriculum_plan_module m SET status = CASE WHEN s.all_closed THEN 'done' WHEN s.any_started THEN 'in_progress' ELSE 'not_started' END
         FROM (SELECT plan_module_id, bool_and(status IN ('done', 'skipped')) AS all_closed, bool_or(status <> 'not_started') AS any_started FROM curriculum_plan_activity GROUP BY plan_module_id) s
        WHERE s.plan_module_id = m.id AND m.organization_id = $1`,
      [org.id],
    );
    await db.query('ANALYZE');

    const route = async () => {
      const res = await call('GET', '/caseload/curriculum-progress');
      if (res.status !== 200) throw new Error(String(res.status));
    };
    const floor = async () => {
      await pool.query(HAND_WRITTEN, [org.id, team.clinician.userId, new Date()]);
    };
    // Same figures both ways.
    const viaRoute = (JSON.parse((await call('GET', '/caseload/curriculum-progress')).body) as Figures[]).map(figures);
    const viaSql = (await pool.query<Figures>(HAND_WRITTEN, [org.id, team.clinician.userId, new Date()])).rows.map(figures);
    if (JSON.stringify(viaRoute) !== JSON.stringify(viaSql)) throw new Error(`figures differ:\n${JSON.stringify(viaRoute[0])}\n${JSON.stringify(viaSql[0])}`);
    if (viaRoute.length !== CLIENTS || viaRoute.some((c) => c.currentWeek !== WEEKS_IN)) throw new Error(`expected ${CLIENTS} clients in week ${WEEKS_IN}: ${JSON.stringify(viaRoute[0])}`);

    if (process.env.BENCH_EXPLAIN) {
      const { CASELOAD_PROGRESS_SQL } = await import('@attune/curriculum');
      for (const text of [CASELOAD_PROGRESS_SQL(true), HAND_WRITTEN]) {
        const plan = await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, [org.id, team.clinician.userId, new Date()]);
        console.error(plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n'));
      }
    }
    const before = proxy.statements();
    for (let i = 0; i < 50; i++) await route(); // warm-up, and the statement count
    const statementsPerRequest = round((proxy.statements() - before) / 50, 2);
    await runLoad(floor, 1, 2);
    const floorResult = await runLoad(floor, 1, SECONDS);
    const measured = await runLoad(route, 1, SECONDS);
    return {
      bench: 'caseload-progress',
      clients: CLIENTS,
      weeksIn: WEEKS_IN,
      sample: viaRoute[0],
      rps: measured.rps,
      p50: measured.p50,
      p99: measured.p99,
      errors: measured.errors,
      floor: { rps: floorResult.rps, p50: floorResult.p50, p99: floorResult.p99 },
      ratio: round(measured.rps / floorResult.rps, 3),
      goal: 0.5,
      goalP99: 50,
      sqlQueriesPerRequest: statementsPerRequest,
      goalQueries: 5,
    };
  } finally {
    agent.destroy();
    await pool.end();
    await db.destroy();
    await attune.stop();
    await proxy.close();
    await database.drop();
  }
}

interface Figures {
  clientId?: string;
  client_id?: string;
  currentWeek?: number;
  current_week?: number;
  totalWeeks?: number;
  total_weeks?: number;
  percentDone?: number;
  percent_done?: number;
  modulesOverdue?: number;
  modules_overdue?: number;
  activitiesDone?: number;
  activities_done?: number;
}
const figures = (f: Figures) => ({
  clientId: f.clientId ?? f.client_id,
  currentWeek: f.currentWeek ?? f.current_week,
  totalWeeks: f.totalWeeks ?? f.total_weeks,
  percentDone: f.percentDone ?? f.percent_done,
  modulesOverdue: f.modulesOverdue ?? f.modules_overdue,
  activitiesDone: f.activitiesDone ?? f.activities_done,
});

/** The same figures written by hand as one query: module rows, one aggregate per client, then its activities. */
const HAND_WRITTEN = `
  WITH mine AS (
    SELECT c.id, c.created_at, e.id AS enrolment_id, coalesce(e.paused_on, ($3::timestamptz AT TIME ZONE u.time_zone)::date) AS today
      FROM care_team_membership tm
      JOIN client c ON c.id = tm.client_id AND c.organization_id = $1
      JOIN user_account u ON u.id = c.user_id
      JOIN curriculum_enrolment e ON e.client_id = c.id
     WHERE tm.staff_user_id = $2 AND tm.organization_id = $1 AND tm.starts_at <= $3 AND (tm.ends_at IS NULL OR tm.ends_at > $3)
  ), weeks AS (
    SELECT mine.id AS client_id,
           max(m.week) FILTER (WHERE m.unlock_date <= mine.today) AS current_week,
           count(*) AS total_weeks,
           count(*) FILTER (WHERE m.next_unlock <= mine.today AND m.status NOT IN ('done', 'skipped')) AS modules_overdue
      FROM mine
      JOIN (SELECT enrolment_id, week, unlock_date, status,
                   coalesce(lead(unlock_date) OVER (PARTITION BY enrolment_id ORDER BY week), unlock_date + 7) AS next_unlock
              FROM curriculum_plan_module WHERE organization_id = $1) m ON m.enrolment_id = mine.enrolment_id
     GROUP BY mine.id
  ), activities AS (
    SELECT weeks.client_id, count(*) FILTER (WHERE a.status = 'done') AS done, count(*) FILTER (WHERE a.status <> 'skipped') AS counted
      FROM weeks JOIN curriculum_plan_activity a ON a.client_id = weeks.client_id AND a.week <= weeks.current_week
     GROUP BY weeks.client_id
  )
  SELECT mine.id AS client_id, coalesce(weeks.current_week, 0)::int AS current_week, weeks.total_weeks::int AS total_weeks,
         weeks.modules_overdue::int AS modules_overdue, coalesce(activities.done, 0)::int AS activities_done,
         CASE WHEN coalesce(activities.counted, 0) = 0 THEN 0 ELSE round(100.0 * activities.done / activities.counted)::int END AS percent_done
    FROM mine JOIN weeks ON weeks.client_id = mine.id LEFT JOIN activities ON activities.client_id = mine.id
   ORDER BY mine.created_at, mine.id`;

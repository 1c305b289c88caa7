import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Emitter } from '@socket.io/redis-emitter';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { AccessTokens } from '@attune/identity';
import { buildConfig, dataSourceOptions, readEnvironment, Rooms, socketIoKey, SystemClock } from '@attune/platform';
import { createCareTeam, createOrganization, createTestDatabase, ensureTemplateDatabase, TEST_REDIS_URL, type Person } from '@attune/testing';
import { spawnAttune, type RunningAttune } from './lib/spawn-attune.js';
import { apiCall } from './lib/api-call.js';
import { rawPool } from './lib/raw-pool.js';

/** 200 teams × 10 sockets = 2,000; BENCH_TEAMS scales it down on a small machine. */
const TEAMS = Number(process.env.BENCH_TEAMS ?? 200);
const SOCKETS_PER_TEAM = 10;
const SWARMS = 4;
/** Alerts in flight while the peak rate is found (closed loop: the next starts when one has reached its team). */
const CONCURRENCY = 10;
/** Measured rounds; each raises one alert per team on each side, so 3 rounds give 600 times a side. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/**
 * alert-fanout: two real api nodes (same DB, same Redis prefix), TEAMS care teams, 10 authenticated staff
 * sockets per team (clinician ×4, peer coach ×3, case manager ×3, each socket its own session) spread over
 * both nodes from SWARMS child processes. An alert is raised by the client's check-in POST (craving 9).
 *
 * A latency is measured below saturation, as in checkin-write: first Attune's peak (CONCURRENCY alerts in
 * flight, closed loop), then the three sides below, each at half that rate (open loop: arrivals do not
 * wait for answers), taking turns alert by alert so all three meet the same machine at the same moments.
 * Measured:
 * - `p50`/`p99` (the issue's figure): from the alert's raise (its raisedAt, taken before the statement that
 *   stores it, so its durable write counts) until the last of the team's 10 sockets has it;
 * - `floor`: the same durable work without Attune, as every bench's floor does: raw `pg` writes what Attune
 *   writes for the alert (check-in, audit event, alert, escalation) in one transaction, then a bare
 *   @socket.io/redis-emitter broadcast of `alert.raised` to the same room over the same sockets and
 *   adapter, until the last socket; ratio = floor p99 ÷ Attune p99;
 * - `broadcastOnly`: the bare broadcast alone, with no durable write, and Attune against it: what the write
 *   and Attune's fan-out cost together over a bare Redis publish;
 * - `fromCheckIn`: from the POST until the last socket (HTTP, token, validation and policy included).
 * Every side is timed from a raisedAt stamped by Date (whole milliseconds, as Attune stamps it) and read by
 * the swarms from the payload, so the rounding weighs on all alike.
 *
 * The floor wrote nothing before session 7. Since a check-in's alert is stored by the check-in's own
 * statement, Attune's window holds that durable write, and a floor without it compared a PostgreSQL commit
 * with a Redis publish rather than Attune with the bare stack.
 */
export async function alertFanout(): Promise<Record<string, unknown>> {
  await ensureTemplateDatabase();
  const database = await createTestDatabase();
  const secret = randomBytes(32).toString('hex');
  const prefix = `bench-${randomBytes(3).toString('hex')}:`;
  const env = { DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, JWT_SECRET: secret, AUDIT_HMAC_KEY: secret, DATABASE_POOL_MAX: '10', REDIS_PREFIX: prefix, NODE_ENV: 'production', LOG_LEVEL: 'warn' };
  const config = buildConfig(readEnvironment(env), { url: database.url, poolMax: 4, source: 'configured' }, { url: TEST_REDIS_URL, source: 'configured' });
  const db = await new DataSource(dataSourceOptions(config)).initialize();
  const redis = new Redis(TEST_REDIS_URL);
  // The floor's own pool, the size of one node's.
  const pool = rawPool(database.url, 10);
  const nodes: RunningAttune[] = [];
  const swarms: ChildProcess[] = [];
  try {
    const teams = await world(db, config);
    nodes.push(await spawnAttune('api', env), await spawnAttune('api', env));
    const arrivals = new Arrivals();
    const dir = mkdtempSync(join(tmpdir(), 'attune-fanout-'));
    const sockets = teams.flatMap((team) => team.staffTokens.map((token, i) => ({ url: nodes[i % nodes.length].url, token })));
    const started = performance.now();
    for (let s = 0; s < SWARMS; s++) {
      const file = join(dir, `sockets-${s}.json`);
      writeFileSync(file, JSON.stringify(sockets.filter((_, i) => i % SWARMS === s)));
      const child = fork('dist/bench/lib/alert-swarm.js', [file], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
      child.on('message', (m) => arrivals.add(m as [string, string, number, number]));
      swarms.push(child);
    }
    await Promise.all(swarms.map((s) => lineFrom(s, /connected \d+/)));
    const connectSeconds = Math.round((performance.now() - started) / 100) / 10;

    const answered: number[] = [];
    const fromRaise: number[] = [];
    const raiseAlert = async (team: BenchTeam) => {
      const t0 = performance.timeOrigin + performance.now();
      // Check-ins reach either node, as behind the load balancer: teams alternate.
      const res = await apiCall(agent, `${nodes[teams.indexOf(team) % nodes.length].url}/api/v1/clients/${team.clientId}/check-ins`, 'POST', team.clientToken, {
        id: randomUUID(), mood: 3, craving: 9, used: false, medication: 'yes', sleepHours: 6, connection: 4, safetyConcern: false,
      });
      answered.push(performance.timeOrigin + performance.now() - t0);
      if (res.status !== 201) throw new Error(`check-in answered ${res.status}`);
      const { alerts } = JSON.parse(res.body) as { alerts: { id: string }[] };
      const last = await arrivals.all(team.clientId, alerts[0].id);
      fromRaise.push(arrivals.sinceRaised(team.clientId, alerts[0].id));
      return last - t0;
    };
    const emitter = new Emitter(redis, { key: socketIoKey(config.redisPrefix) });
    // Every side is timed alike: from a raisedAt stamped by Date (whole ms, as Attune's) to the last socket.
    const broadcast = async (team: BenchTeam) => {
      const alertId = randomUUID();
      const raisedAt = new Date();
      emitter.to(Rooms.careTeam(team.clientId)).emit('alert.raised', { alertId, clientId: team.clientId, rule: 'craving_high', severity: 'warning', status: 'open', raisedAt: raisedAt.toISOString() });
      await arrivals.all(team.clientId, alertId);
      return arrivals.sinceRaised(team.clientId, alertId);
    };

    // The floor: raw `pg` writes what Attune writes for the alert, in one transaction, then the bare broadcast.
    const writeThenBroadcast = async (team: BenchTeam) => {
      const raisedAt = new Date();
      const checkInId = randomUUID();
      const c = await pool.connect();
      let alertId: string;
      try {
        await c.query('BEGIN');
        await c.query(
          `INSERT INTO check_in (id, organization_id, client_id, submitted_by, submitted_at, local_date, mood, craving, used, medication, sleep_hours, connection, safety_concern, body_hash)
           VALUES ($1, $2, $3, $4, now(), current_date, 3, 9, false, 'yes', 6, 4, false, 'floor')`,
          [checkInId, team.organizationId, team.clientId, team.clientUserId],
        );
        await c.query(
          `INSERT INTO audit_event (organization_id, actor_user_id, actor_role, action, capability, client_id, subject_id, outcome, basis) VALUES ($1, $2, 'client', 'checkin.submit', 'checkins:submit', $3, $4, 'allowed', 'self')`,
          [team.organizationId, team.clientUserId, team.clientId, checkInId],
        );
        const alert = await c.query<{ id: string }>(
          `INSERT INTO risk_alert (organization_id, client_id, rule, severity, source_key, check_in_id, raised_at) VALUES ($1, $2, 'craving_high', 'warning', $3, $4, now()) RETURNING id`,
          [team.organizationId, team.clientId, `floor:${checkInId}`, checkInId],
        );
        alertId = alert.rows[0].id;
        await c.query(`INSERT INTO escalation (organization_id, alert_id, client_id, tier, due_at, created_at, updated_at) VALUES ($1, $2, $3, 1, now() + interval '15 minutes', now(), now())`, [
          team.organizationId, alertId, team.clientId,
        ]);
        await c.query('COMMIT');
      } finally {
        c.release();
      }
      emitter.to(Rooms.careTeam(team.clientId)).emit('alert.raised', { alertId, clientId: team.clientId, rule: 'craving_high', severity: 'warning', status: 'open', raisedAt: raisedAt.toISOString() });
      await arrivals.all(team.clientId, alertId);
      return arrivals.sinceRaised(team.clientId, alertId);
    };

    // A first round of each, not counted: every side measured warm (JIT, connections, pools).
    await eachTeam(teams, raiseAlert);
    await eachTeam(teams, writeThenBroadcast);
    await eachTeam(teams, broadcast);
    const peakStarted = performance.now();
    const closedLoop = stats(await eachTeam(teams, raiseAlert));
    const peakRps = Math.round(TEAMS / ((performance.now() - peakStarted) / 1000));
    // Alerts/s of each side. BENCH_RATE pins it, to compare two builds under the same load.
    const rate = Number(process.env.BENCH_RATE ?? Math.max(1, Math.round(peakRps / 2)));

    answered.length = 0;
    fromRaise.length = 0;
    const attune: number[] = [];
    const floor: number[] = [];
    const bare: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const [a, f, b] = await interleavedAtRate(teams, [raiseAlert, writeThenBroadcast, broadcast], rate);
      attune.push(...a);
      floor.push(...f);
      bare.push(...b);
    }

    const a = stats(fromRaise);
    const f = stats(floor);
    const b = stats(bare);
    const e = stats(attune);
    const post = stats(answered);
    return {
      bench: 'alert-fanout', teams: TEAMS, sockets: sockets.length, nodes: nodes.length, connectSeconds,
      peakRps, rate, alerts: fromRaise.length,
      p50: a.p50, p99: a.p99, max: a.max,
      floor: { p50: f.p50, p99: f.p99, max: f.max },
      broadcastOnly: { p50: b.p50, p99: b.p99, max: b.max, ratio: ratioOf(b.p99, a.p99) },
      fromCheckIn: { p50: e.p50, p99: e.p99, max: e.max, post: { p50: post.p50, p99: post.p99 } },
      // At the peak (closed loop, CONCURRENCY in flight): the time is mostly waiting for the two cores.
      atPeak: { p50: closedLoop.p50, p99: closedLoop.p99 },
      ratio: ratioOf(f.p99, a.p99), goal: 0.67,
    };
  } finally {
    swarms.forEach((s) => s.kill('SIGTERM'));
    await Promise.all(nodes.map((n) => n.stop()));
    redis.disconnect();
    await pool.end();
    await db.destroy();
    await database.drop();
  }
}

interface BenchTeam {
  clientId: string;
  organizationId: string;
  clientUserId: string;
  clientToken: string;
  staffTokens: string[];
}

/** TEAMS care teams in one organisation; 10 staff sessions per team and one for its client. */
async function world(db: DataSource, config: ReturnType<typeof buildConfig>): Promise<BenchTeam[]> {
  const org = await createOrganization(db);
  const issuer = new AccessTokens(config, new SystemClock());
  const sign = async (person: Person) => {
    const [session] = await db.query<{ id: string }[]>(`INSERT INTO auth_session (user_id, mfa_verified, created_at, expires_at) VALUES ($1, true, now(), now() + interval '1 day') RETURNING id`, [person.userId]);
    return (await issuer.issue({ userId: person.userId, organizationId: person.organizationId, role: person.role, sessionId: session.id })).token;
  };
  const teams: BenchTeam[] = [];
  for (let i = 0; i < TEAMS; i++) {
    const team = await createCareTeam(db, org);
    const staff = [team.clinician, team.clinician, team.clinician, team.clinician, team.peerCoach, team.peerCoach, team.peerCoach, team.caseManager, team.caseManager, team.caseManager];
    teams.push({ clientId: team.client.clientId, organizationId: team.client.organizationId, clientUserId: team.client.userId, clientToken: await sign(team.client), staffTokens: await Promise.all(staff.slice(0, SOCKETS_PER_TEAM).map(sign)) });
  }
  return teams;
}

/** Every alert.raised heard by any swarm; resolves when one alert has reached all 10 sockets of its team, with the last arrival. */
class Arrivals {
  private readonly heard = new Map<string, number[]>();
  private readonly waiting = new Map<string, (last: number) => void>();

  private readonly raised = new Map<string, number>(); // key → ms from raisedAt to the latest arrival

  add([clientId, alertId, at, sinceRaised]: [string, string, number, number]): void {
    const key = `${clientId}/${alertId}`;
    this.raised.set(key, Math.max(this.raised.get(key) ?? 0, sinceRaised));
    const list = this.heard.get(key) ?? [];
    list.push(at);
    this.heard.set(key, list);
    if (list.length === SOCKETS_PER_TEAM) this.waiting.get(key)?.(Math.max(...list));
  }

  /** The latest of the team's sockets, in ms after the alert's raisedAt (read from the swarms' clocks: same machine). */
  sinceRaised(clientId: string, alertId: string): number {
    return this.raised.get(`${clientId}/${alertId}`) ?? NaN;
  }

  all(clientId: string, alertId: string, timeoutMs = 60_000): Promise<number> {
    const key = `${clientId}/${alertId}`;
    const list = this.heard.get(key) ?? [];
    if (list.length >= SOCKETS_PER_TEAM) return Promise.resolve(Math.max(...list));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`alert reached ${this.heard.get(key)?.length ?? 0} of ${SOCKETS_PER_TEAM} sockets`)), timeoutMs);
      this.waiting.set(key, (last) => {
        clearTimeout(timer);
        resolve(last);
      });
    });
  }
}

/** Runs `measure` for every team, CONCURRENCY teams at a time; returns the times in ms. */
async function eachTeam(teams: BenchTeam[], measure: (team: BenchTeam) => Promise<number>): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  const lane = async () => {
    while (next < teams.length) times.push(await measure(teams[next++]));
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  return times;
}

/**
 * One alert per team for each side, the sides taking turns alert by alert (Attune, floor, bare, Attune…),
 * each side at `rps` (open loop: arrivals do not wait for answers). Taking turns, a stall of the shared machine
 * (a slow fsync, another process) falls on every side alike; in rounds of one side each, one stall could
 * decide a side's p99. The times in ms, one list per side.
 */
async function interleavedAtRate(teams: BenchTeam[], sides: ((team: BenchTeam) => Promise<number>)[], rps: number): Promise<number[][]> {
  const started = performance.now();
  const running: Promise<number>[][] = sides.map(() => []);
  for (let i = 0; i < teams.length * sides.length; i++) {
    const wait = started + (i * 1000) / (rps * sides.length) - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait)); // pacing the arrivals is the point here
    const side = i % sides.length;
    running[side].push(sides[side](teams[Math.floor(i / sides.length)]));
  }
  return Promise.all(running.map((times) => Promise.all(times)));
}

const ratioOf = (floor: number, attune: number) => Math.round((floor / Math.max(attune, 0.1)) * 1000) / 1000;

/** The check-ins' kept-alive connections to both nodes. */
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function stats(times: number[]) {
  const sorted = [...times].sort((x, y) => x - y);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 10) / 10;
  return { p50: at(0.5), p99: at(0.99), max: at(1) };
}

function lineFrom(child: ChildProcess, pattern: RegExp, timeoutMs = 600_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}`)), timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before ${pattern}`)));
  });
}

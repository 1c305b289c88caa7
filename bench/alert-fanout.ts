import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Emitter } from '@socket.io/redis-emitter';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { AccessTokens } from '@attune/identity';
import { buildConfig, dataSourceOptions, readEnvironment, Rooms, socketIoKey, SystemClock } from '@attune/platform';
import { createCareTeam, createOrganization, createTestDatabase, ensureTemplateDatabase, TEST_REDIS_URL, type Person } from '@attune/testing';
import { spawnAttune, type RunningAttune } from './lib/spawn-attune.js';

/** 200 teams × 10 sockets = 2,000; BENCH_TEAMS scales it down on a small machine. */
const TEAMS = Number(process.env.BENCH_TEAMS ?? 200);
const SOCKETS_PER_TEAM = 10;
const SWARMS = 4;
/** Teams alerted at once (each waits for its 10 sockets before the next one starts). */
const CONCURRENCY = 10;

/**
 * alert-fanout: two real api nodes (same DB, same Redis prefix), TEAMS care teams, 10 authenticated staff
 * sockets per team (clinician ×4, peer coach ×3, case manager ×3, each socket its own session) spread over
 * both nodes from SWARMS child processes. Per team: from the client's check-in POST (craving 9) until all
 * 10 sockets have `alert.raised`. Floor in the same run: a bare @socket.io/redis-emitter broadcast of
 * `alert.raised` to the same rooms over the same sockets and adapter. ratio = floor p99 ÷ Attune p99;
 * `post` is the check-in's own HTTP answer time, so the write and the fan-out can be told apart.
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
      const res = await fetch(`${nodes[teams.indexOf(team) % nodes.length].url}/api/v1/clients/${team.clientId}/check-ins`, {
        method: 'POST',
        headers: { authorization: `Bearer ${team.clientToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ id: randomUUID(), mood: 3, craving: 9, used: false, medication: 'yes', sleepHours: 6, connection: 4, safetyConcern: false }),
      });
      answered.push(performance.timeOrigin + performance.now() - t0);
      if (res.status !== 201) throw new Error(`check-in answered ${res.status}`);
      const { alerts } = (await res.json()) as { alerts: { id: string }[] };
      const last = await arrivals.all(team.clientId, alerts[0].id);
      fromRaise.push(arrivals.sinceRaised(team.clientId, alerts[0].id));
      return last - t0;
    };
    const emitter = new Emitter(redis, { key: socketIoKey(config.redisPrefix) });
    const broadcast = async (team: BenchTeam) => {
      const alertId = randomUUID();
      const t0 = performance.timeOrigin + performance.now();
      emitter.to(Rooms.careTeam(team.clientId)).emit('alert.raised', { alertId, clientId: team.clientId, rule: 'craving_high', severity: 'warning', status: 'open', raisedAt: new Date().toISOString() });
      return (await arrivals.all(team.clientId, alertId)) - t0;
    };

    // A second floor for the record: raw `pg` writes what Attune writes for the alert (check-in, audit event,
    // alert, escalation) in one transaction, then the same bare broadcast.
    const writeThenBroadcast = async (team: BenchTeam) => {
      const t0 = performance.timeOrigin + performance.now();
      const checkInId = randomUUID();
      const [{ id: alertId }] = await db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO check_in (id, organization_id, client_id, submitted_by, submitted_at, local_date, mood, craving, used, medication, sleep_hours, connection, safety_concern, body_hash)
           VALUES ($1, $2, $3, $4, now(), current_date, 3, 9, false, 'yes', 6, 4, false, 'floor')`,
          [checkInId, team.organizationId, team.clientId, team.clientUserId],
        );
        await tx.query(
          `INSERT INTO audit_event (organization_id, actor_user_id, actor_role, action, capability, client_id, subject_id, outcome, basis) VALUES ($1, $2, 'client', 'checkin.submit', 'checkins:submit', $3, $4, 'allowed', 'self')`,
          [team.organizationId, team.clientUserId, team.clientId, checkInId],
        );
        const alert: { id: string }[] = await tx.query(
          `INSERT INTO risk_alert (organization_id, client_id, rule, severity, source_key, check_in_id, raised_at) VALUES ($1, $2, 'craving_high', 'warning', $3, $4, now()) RETURNING id`,
          [team.organizationId, team.clientId, `floor:${checkInId}`, checkInId],
        );
        await tx.query(`INSERT INTO escalation (organization_id, alert_id, client_id, tier, due_at, created_at, updated_at) VALUES ($1, $2, $3, 1, now() + interval '15 minutes', now(), now())`, [
          team.organizationId, alert[0].id, team.clientId,
        ]);
        return alert;
      });
      emitter.to(Rooms.careTeam(team.clientId)).emit('alert.raised', { alertId, clientId: team.clientId, rule: 'craving_high', severity: 'warning', status: 'open', raisedAt: new Date().toISOString() });
      return (await arrivals.all(team.clientId, alertId)) - t0;
    };

    // A first round of each, not counted: every side measured warm (JIT, connections, pools).
    await eachTeam(teams, raiseAlert);
    await eachTeam(teams, broadcast);
    await eachTeam(teams, writeThenBroadcast);
    answered.length = 0;
    fromRaise.length = 0;
    const attune = await eachTeam(teams, raiseAlert);
    const floor = await eachTeam(teams, broadcast);
    const floorWithWrites = stats(await eachTeam(teams, writeThenBroadcast));

    const a = stats(attune);
    const f = stats(floor);
    const w = stats(answered);
    const r = stats(fromRaise);
    return {
      bench: 'alert-fanout', teams: TEAMS, sockets: sockets.length, nodes: nodes.length, connectSeconds,
      p50: a.p50, p99: a.p99, max: a.max,
      post: { p50: w.p50, p99: w.p99 },
      // From the alert's commit (its raisedAt, same machine's clock, ms) to the last of the team's sockets:
      // Attune's fan-out alone, against the same floor.
      fanOut: { p50: r.p50, p99: r.p99, max: r.max, ratio: Math.round((f.p99 / Math.max(r.p99, 1)) * 1000) / 1000 },
      floor: { p50: f.p50, p99: f.p99, max: f.max },
      // Not the issue's floor; shows how much of Attune's time the durable writes themselves take here.
      floorWithWrites: { p50: floorWithWrites.p50, p99: floorWithWrites.p99, max: floorWithWrites.max, ratio: Math.round((floorWithWrites.p99 / a.p99) * 1000) / 1000 },
      ratio: Math.round((f.p99 / a.p99) * 1000) / 1000, goal: 0.67,
    };
  } finally {
    swarms.forEach((s) => s.kill('SIGTERM'));
    await Promise.all(nodes.map((n) => n.stop()));
    redis.disconnect();
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

  /** The latest of the team's sockets, in ms after the alert's raisedAt. */
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

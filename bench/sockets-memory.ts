import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AccessTokens } from '@attune/identity';
import { buildConfig, dataSourceOptions, freePort, readEnvironment, SystemClock } from '@attune/platform';
import { createCareTeam, createOrganization, createTestDatabase, ensureTemplateDatabase, TEST_REDIS_URL } from '@attune/testing';
import { collectGarbage } from './lib/collect-garbage.js';
import { spawnAttune } from './lib/spawn-attune.js';

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 10_000);
const SWARMS = Number(process.env.BENCH_SWARMS ?? 4);
const TEAMS = 100;
const SETTLE_MS = 5_000;

/**
 * sockets-memory: the resident memory of one real api node holding SOCKETS idle authenticated sockets
 * (clients and their care teams, each socket its own session, in its rooms), vs a bare socket.io server
 * with the same Redis adapter holding the same number of sockets. Clients live in SWARMS other processes.
 * ratio = bare RSS ÷ Attune RSS (goal ≥ 0.67); the per-socket cost is reported too.
 */
export async function socketsMemory(): Promise<Record<string, unknown>> {
  await ensureTemplateDatabase();
  const database = await createTestDatabase();
  const secret = randomBytes(32).toString('hex');
  const prefix = `bench-${randomBytes(3).toString('hex')}`;
  const env = { DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, JWT_SECRET: secret, AUDIT_HMAC_KEY: secret, DATABASE_POOL_MAX: '10', REDIS_PREFIX: prefix, NODE_ENV: 'production', LOG_LEVEL: 'warn' };
  const config = buildConfig(readEnvironment(env), { url: database.url, poolMax: 4, source: 'configured' }, { url: TEST_REDIS_URL, source: 'configured' });
  const db = await new DataSource(dataSourceOptions(config)).initialize();
  const dir = mkdtempSync(join(tmpdir(), 'attune-sockets-'));
  try {
    const files = await tokenFiles(db, config, dir);
    const attuneInspector = await freePort();
    process.env.BENCH_NODE_FLAGS = `--inspect=127.0.0.1:${attuneInspector}`;
    const attune = await spawnAttune('api', env);
    const attuneFigures = await measure(attune.url, attune.child, attuneInspector, files).finally(() => attune.stop());

    const [port, bareInspector] = [await freePort(), await freePort()];
    const bare = spawn(process.execPath, [`--inspect=127.0.0.1:${bareInspector}`, 'dist/bench/lib/bare-socket-server.js', String(port), TEST_REDIS_URL, `${prefix}bare-socket.io`], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await lineFrom(bare, /listening/);
    const bareFigures = await measure(`http://127.0.0.1:${port}`, bare, bareInspector, files).finally(() => stop(bare));

    const perSocket = (f: Figures) => Math.round((f.loadedKb - f.idleKb) / SOCKETS * 1024);
    const figures = (f: Figures) => ({
      idleMb: mb(f.idleKb), loadedMb: mb(f.loadedKb), bytesPerSocket: perSocket(f),
      heapUsedMb: mb(f.heapUsedKb), heapTotalMb: mb(f.heapTotalKb), connectSeconds: f.connectSeconds,
    });
    return {
      bench: 'sockets-memory',
      sockets: SOCKETS,
      attune: figures(attuneFigures),
      bare: figures(bareFigures),
      perSocketRatio: Math.round((perSocket(bareFigures) / perSocket(attuneFigures)) * 1000) / 1000,
      ratio: Math.round((bareFigures.loadedKb / attuneFigures.loadedKb) * 1000) / 1000,
      goal: 0.67,
    };
  } finally {
    await db.destroy();
    await database.drop();
  }
}

interface Figures {
  idleKb: number;
  loadedKb: number;
  /** The V8 heap in use / reserved with the sockets connected, after the same full collection. */
  heapUsedKb: number;
  heapTotalKb: number;
  connectSeconds: number;
}

/** RSS before and after SOCKETS clients connect, each after a full garbage collection, from /proc. */
async function measure(url: string, server: ChildProcess, inspectorPort: number, files: string[]): Promise<Figures> {
  await collectGarbage(inspectorPort);
  const idleKb = rssKb(server.pid!);
  const started = performance.now();
  const swarms = files.map((file) => spawn(process.execPath, ['dist/bench/lib/socket-swarm.js', url, file], { stdio: ['ignore', 'pipe', 'inherit'] }));
  try {
    await Promise.all(swarms.map((s) => lineFrom(s, /connected \d+/)));
    const connectSeconds = Math.round((performance.now() - started) / 100) / 10;
    await new Promise((r) => setTimeout(r, SETTLE_MS)); // idle sockets: past the connection burst (and a session sweep)
    const heap = await collectGarbage(inspectorPort);
    return { idleKb, loadedKb: rssKb(server.pid!), ...heap, connectSeconds };
  } finally {
    await Promise.all(swarms.map(stop));
  }
}

/** SOCKETS sessions over the clients and team members of TEAMS care teams, a token each, split in files. */
async function tokenFiles(db: DataSource, config: ReturnType<typeof buildConfig>, dir: string): Promise<string[]> {
  const org = await createOrganization(db);
  const people = [];
  for (let i = 0; i < TEAMS; i++) {
    const team = await createCareTeam(db, org);
    people.push(team.client, team.clinician, team.peerCoach, team.caseManager);
  }
  const sessions: { id: string; user_id: string }[] = await db.query(
    `INSERT INTO auth_session (user_id, mfa_verified, created_at, expires_at)
     SELECT ($1::uuid[])[1 + (n % array_length($1::uuid[], 1))], true, now(), now() + interval '1 day' FROM generate_series(0, $2 - 1) AS n
     RETURNING id, user_id`,
    [people.map((p) => p.userId), SOCKETS],
  );
  const byUser = new Map(people.map((p) => [p.userId, p]));
  const issuer = new AccessTokens(config, new SystemClock());
  const tokens: string[] = [];
  for (const s of sessions) {
    const person = byUser.get(s.user_id)!;
    tokens.push((await issuer.issue({ userId: person.userId, organizationId: person.organizationId, role: person.role, sessionId: s.id })).token);
  }
  const size = Math.ceil(tokens.length / SWARMS);
  return Array.from({ length: SWARMS }, (_, i) => {
    const file = join(dir, `tokens-${i}.json`);
    writeFileSync(file, JSON.stringify(tokens.slice(i * size, (i + 1) * size)));
    return file;
  });
}

function rssKb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0);
}

const mb = (kb: number) => Math.round(kb / 102.4) / 10;

function lineFrom(child: ChildProcess, pattern: RegExp, timeoutMs = 900_000): Promise<void> {
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

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import type { RedisTarget } from '../config/app-config.js';
import { ConfigError } from '../config/config-error.js';
import type { Environment } from '../config/environment.js';
import { answersOn } from './probe.js';

export interface ResolvedRedis {
  target: RedisTarget;
  stop: () => Promise<void>;
}

/**
 * Order of preference: REDIS_URL → Redis answering on 127.0.0.1:6379 → the machine's redis-server,
 * started with a data folder and AOF (Redis has no embedded form) → stop with instructions.
 */
export async function resolveRedis(env: Environment): Promise<ResolvedRedis> {
  if (env.REDIS_URL) return { target: { url: env.REDIS_URL, source: 'configured' }, stop: async () => {} };
  if (!env.SPAWN_REDIS && (await answersOn('127.0.0.1', 6379))) {
    return { target: { url: 'redis://127.0.0.1:6379', source: 'local-server' }, stop: async () => {} };
  }
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new ConfigError(
      'REDIS_URL',
      'is not set, nothing answers on 127.0.0.1:6379 and no redis-server is installed. Install Redis 7 ' +
        '(e.g. `apt-get install redis-server` or `brew install redis`) or set REDIS_URL.',
    );
  }
  return spawnRedis(resolve(join(env.DATA_DIR, 'redis')));
}

async function spawnRedis(dir: string): Promise<ResolvedRedis> {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'everysec',
      '--save', '', '--maxmemory-policy', 'noeviction', '--hz', '100'],
    // Its own process group: a Ctrl-C to Attune's group must not kill Redis before Attune has closed its
    // connections (Attune stops it itself, last).
    { stdio: 'ignore', detached: true },
  );
  for (let i = 0; i < 100 && !(await answersOn('127.0.0.1', port, 100)); i++) {
    await new Promise((r) => setTimeout(r, 50)); // waiting for a child process to listen: nothing to await instead
  }
  // However Attune ends (a shutdown that timed out, a crash), its Redis ends with it: SIGTERM still lets
  // Redis write its append-only file. Only a SIGKILL of Attune can leave it behind.
  const stopWithAttune = () => child.kill('SIGTERM');
  process.once('exit', stopWithAttune);
  return {
    target: { url: `redis://127.0.0.1:${port}`, source: 'spawned' },
    stop: async () => {
      process.removeListener('exit', stopWithAttune);
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePromise(port));
    });
  });
}

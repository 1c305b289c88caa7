import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig, buildConfig, readEnvironment } from '@attune/platform';
import { TEST_REDIS_URL } from './services.js';

/**
 * An AppConfig for one test file: its own database, its own Redis key prefix, its own outbox folder,
 * random secrets. `env` overrides any variable as the process environment would.
 */
export function testConfig(databaseUrl: string, env: Record<string, string> = {}): AppConfig {
  const dataDir = mkdtempSync(join(tmpdir(), 'attune-test-'));
  const parsed = readEnvironment({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATA_DIR: dataDir,
    REDIS_PREFIX: `attune-t-${randomBytes(4).toString('hex')}`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    AUDIT_HMAC_KEY: randomBytes(32).toString('hex'),
    DATABASE_POOL_MAX: '4',
    // The UI's static files come through @fastify/static, a CommonJS package that require()s an ESM-only
    // one: fine in Node, not inside jest's module sandbox. Spawned-process tests cover the UI.
    API_DOCS_UI: 'false',
    // bull-board serves its UI through @fastify/static too: spawned-process tests cover it.
    QUEUE_DASHBOARD: 'false',
    ...env,
  });
  return buildConfig(
    parsed,
    { url: databaseUrl, poolMax: parsed.DATABASE_POOL_MAX, source: 'configured' },
    { url: parsed.REDIS_URL ?? TEST_REDIS_URL, source: 'configured' },
  );
}

import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnAttuneProcess, type AttuneProcess } from '../support/spawn-process.js';

/**
 * The one-command start with nothing configured: embedded PGlite (forced, since this machine has a
 * PostgreSQL) and a spawned redis-server, both persisted under DATA_DIR. Same migrations as PostgreSQL 15.
 */
describe('embedded mode (PGlite + spawned Redis, api and worker in one process)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'attune-embedded-'));
  const env = { EMBEDDED_POSTGRES: 'true', SPAWN_REDIS: 'true', DATA_DIR: dataDir, DEMO_SEED: 'true', NODE_ENV: 'development' };
  let attune: AttuneProcess | undefined;

  afterAll(async () => {
    await attune?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('boots, says which data stores it uses, and is ready', async () => {
    attune = await spawnAttuneProcess('attune', env);
    expect(attune.output()).toMatch(/PostgreSQL: embedded PGlite/);
    expect(attune.output()).toMatch(/Redis: spawned/);
    const ready = await fetch(`${attune.url}/ready`);
    expect(ready.status).toBe(200);
  }, 90_000);

  it('keeps its data across a restart', async () => {
    expect(await attune!.stop()).toBe(0);
    attune = await spawnAttuneProcess('attune', env);
    expect((await fetch(`${attune.url}/ready`)).status).toBe(200);
    const migrationsRanAgain = /Migration .* has been executed successfully/.test(attune.output());
    expect(migrationsRanAgain).toBe(false);
  }, 90_000);
});

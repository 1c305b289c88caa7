import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answersOn } from '@attune/platform';
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
    const ui = await fetch(`${attune.url}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  }, 90_000);

  it('seeds a demo programme, signs a clinician in and serves their caseload', async () => {
    const printed = await attune!.waitForOutput(/clinician\s+[^:]*: email [^\s"]+\s+password [\w-]+/);
    const [, email, password] = /email ([^\s"]+)\s+password ([\w-]+)/.exec(printed)!;
    const signIn = await fetch(`${attune!.url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    expect(signIn.status).toBe(200);
    const { accessToken } = (await signIn.json()) as { accessToken: string };
    const caseload = await fetch(`${attune!.url}/api/v1/caseload`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(caseload.status).toBe(200);
    const body = (await caseload.json()) as { items: unknown[] };
    expect(body.items.length).toBe(3);
  }, 90_000);

  it('keeps its data across a restart', async () => {
    expect(await attune!.stop()).toBe(0);
    attune = await spawnAttuneProcess('attune', env);
    expect((await fetch(`${attune.url}/ready`)).status).toBe(200);
    const migrationsRanAgain = /Migration .* has been executed successfully/.test(attune.output());
    expect(migrationsRanAgain).toBe(false);
    expect(attune.output()).not.toMatch(/Demo organisation .* created/); // the data is still there
  }, 90_000);

  it('stops its spawned Redis when it stops', async () => {
    const port = Number(/Redis: spawned \(redis:\/\/127\.0\.0\.1:(\d+)/.exec(attune!.output())![1]);
    expect(await answersOn('127.0.0.1', port, 200)).toBe(true);
    await attune!.stop();
    attune = undefined;
    expect(await answersOn('127.0.0.1', port, 200)).toBe(false);
  }, 60_000);
});

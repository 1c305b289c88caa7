import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createCareTeam, createOrganization, tokenFor } from '@attune/testing';
import { spawnAttuneProcess, type AttuneProcess } from '../support/spawn-process.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * bull-board at /admin/queues in a real api process (its static files cannot load inside jest): admins
 * only, by bearer token or by the HttpOnly cookie the session route sets.
 */
describe('the queue dashboard', () => {
  let t: TestApp;
  let api: AttuneProcess;
  let adminToken: string;
  let clinicianToken: string;

  beforeAll(async () => {
    t = await startTestApp({ worker: false });
    const team = await createCareTeam(t.db, await createOrganization(t.db));
    adminToken = await tokenFor(t.app, t.db, team.admin);
    clinicianToken = await tokenFor(t.app, t.db, team.clinician);
    api = await spawnAttuneProcess('api', {
      NODE_ENV: 'test',
      DATABASE_URL: t.database.url,
      DATABASE_POOL_MAX: '2',
      REDIS_URL: t.config.redis.url,
      REDIS_PREFIX: t.config.redisPrefix,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'attune-api-')),
      JWT_SECRET: t.config.jwtSecret,
      AUDIT_HMAC_KEY: t.config.auditHmacKey,
      DEMO_SEED: 'false',
    });
  }, 60_000);
  afterAll(async () => {
    await api.stop();
    await t.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${api.url}${path}`, { headers, redirect: 'manual' });

  it('refuses anyone without an admin session', async () => {
    expect((await get('/admin/queues')).status).toBe(401);
    expect((await get('/admin/queues/api/queues')).status).toBe(401);
    const refused = await get('/admin/queues', { authorization: `Bearer ${clinicianToken}` });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ status: 403, title: 'Forbidden' });
    expect((await get('/admin/queues', { cookie: 'attune_queues=forged' })).status).toBe(401);
  });

  it('shows the queues to an admin, also through the dashboard cookie', async () => {
    const page = await get('/admin/queues', { authorization: `Bearer ${adminToken}` });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');

    const session = await fetch(`${api.url}/api/v1/admin/queue-dashboard/session`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}` } });
    expect(session.status).toBe(204);
    const setCookie = session.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^attune_queues=[^;]+; Path=\/admin\/queues; HttpOnly; SameSite=Strict; Max-Age=\d+/);
    const cookie = setCookie.split(';')[0];
    const queues = await get('/admin/queues/api/queues', { cookie });
    expect(queues.status).toBe(200);
    const body = (await queues.json()) as { queues: { name: string }[] };
    expect(body.queues.map((q) => q.name).sort()).toEqual(['alerts', 'messages', 'reminders']);

    const clinicianSession = await fetch(`${api.url}/api/v1/admin/queue-dashboard/session`, { method: 'POST', headers: { authorization: `Bearer ${clinicianToken}` } });
    expect(clinicianSession.status).toBe(403);
  });

  it("carries an admin's actions with their bodies to the queues", async () => {
    const admin = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
    const added = await fetch(`${api.url}/admin/queues/api/queues/messages/add`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ name: 'dashboard-check', data: { note: 'from the dashboard' }, options: { delay: 3_600_000 } }),
    });
    expect(added.status).toBe(200);
    const { job } = (await added.json()) as { job: { id: string } };
    const read = await get(`/admin/queues/api/queues/messages/${job.id}`, admin);
    expect(((await read.json()) as { job: { name: string; data: unknown } }).job).toMatchObject({ name: 'dashboard-check', data: { note: 'from the dashboard' } });
    const removed = await fetch(`${api.url}/admin/queues/api/queues/messages/${job.id}/clean`, { method: 'PUT', headers: { authorization: admin.authorization } });
    expect(removed.status).toBe(204);
  });
});

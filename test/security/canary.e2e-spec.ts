import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { createCareTeam, createOrganization, createStaff, tokenFor } from '@attune/testing';
import { api } from '../care/http.js';
import { dumpRedis, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * A canary client whose name, phone, email and free-text note are unique strings goes through every
 * route; afterwards none of those strings may appear in the log output or anywhere in Redis.
 */
describe('canary: client data never reaches logs or Redis', () => {
  const tag = randomBytes(6).toString('hex');
  const canary = {
    name: `Canaryname${tag}`,
    renamed: `Canaryrenamed${tag}`,
    email: `canary-${tag}@example.test`,
    phone: `+1555${String(parseInt(tag.slice(0, 6), 16) % 1e7).padStart(7, '0')}`,
    note: `Canarynote${tag} overnight crisis, team unreachable`,
  };
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOG_LEVEL: 'debug' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('exercises every route with the canary and finds it nowhere', async () => {
    const org = await createOrganization(t.db);
    const team = await createCareTeam(t.db, org);
    const outsider = await createStaff(t.db, org, 'clinician');
    const [admin, clinician, supervisor, colleague] = await Promise.all(
      [team.admin, team.clinician, team.supervisor, outsider].map((p) => tokenFor(t.app, t.db, p)),
    );

    // Registration, including a refused attempt whose error must not echo the name.
    const badZone = await api(t, admin).post('/clients', { preferredName: canary.name, timeZone: 'Mars/Olympus', phone: canary.phone, connectivity: 'phone_only', programmeStartDate: '2026-11-02' });
    expect(badZone.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(badZone.body)).not.toContain(canary.name);
    const created = await api(t, admin)
      .post('/clients', { preferredName: canary.name, timeZone: 'America/Denver', phone: canary.phone, email: canary.email, connectivity: 'phone_only', programmeStartDate: '2026-11-02' })
      .expect(201);
    const clientId: string = created.body.id;
    const duplicate = await api(t, admin).post('/clients', { preferredName: canary.name, timeZone: 'America/Denver', phone: canary.phone, connectivity: 'phone_only', programmeStartDate: '2026-11-02' });
    expect(duplicate.status).toBe(409);
    expect(JSON.stringify(duplicate.body)).not.toContain(canary.phone);

    // The team, the record, the caseloads.
    await api(t, admin).post(`/clients/${clientId}/care-team`, { staffUserId: team.clinician.userId, teamRole: 'clinician' }).expect(201);
    await api(t, clinician).get(`/clients/${clientId}`).expect(200);
    await api(t, clinician).patch(`/clients/${clientId}`, { preferredName: canary.renamed }).expect(200);
    await api(t, clinician).get(`/clients/${clientId}/care-team`).expect(200);
    await api(t, clinician).get('/caseload').expect(200);
    await api(t, supervisor).get('/caseload').expect(200);
    await api(t, admin).get('/caseload').expect(200);

    // Emergency access with a free-text reason, then the audit trail that holds it.
    await api(t, colleague).post(`/clients/${clientId}/break-glass`, { reason: canary.note }).expect(201);
    await api(t, colleague).get(`/clients/${clientId}`).expect(200);
    await api(t, admin).get(`/clients/${clientId}/audit-events`).expect(200);
    await api(t, admin).get(`/clients/${clientId}/audit-events.csv`).expect(200);

    // Sign-in flows that carry the phone and email in their bodies.
    await api(t).post('/auth/sign-in/code-request', { phone: canary.phone }).expect(202);
    await api(t).post('/auth/sign-in/code', { phone: canary.phone, code: '000000' }).expect(401);
    await api(t).post('/auth/sign-in', { email: canary.email, password: 'not-the-password-at-all' }).expect(401);
    await api(t).post('/auth/password-reset/request', { email: canary.email }).expect(202);

    const everything = `${t.logs.join('')}\n${await dumpRedis(t)}`;
    expect(t.logs.length).toBeGreaterThan(10); // the log was really captured
    for (const [what, value] of Object.entries(canary)) {
      expect({ what, found: everything.includes(value) }).toEqual({ what, found: false });
    }
    // The stored phone without its plus sign, as a carrier or logger might print it.
    expect(everything.includes(canary.phone.slice(1))).toBe(false);
  });
});

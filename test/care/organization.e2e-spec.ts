import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createClient, createOrganization, createStaff, tokenFor } from '@attune/testing';
import { GOOD_PASSWORD, post, staffWithPassword } from '../identity/support.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { api } from './http.js';

describe('organisation settings', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ worker: false });
  });
  afterAll(async () => {
    await t.close();
  });

  it('staff read it; only an admin changes it; clients and bad input are refused', async () => {
    const org = await createOrganization(t.db, 'Hillside Programme');
    const admin = await tokenFor(t.app, t.db, await createStaff(t.db, org, 'admin'));
    const clinician = await tokenFor(t.app, t.db, await createStaff(t.db, org, 'clinician'));
    const client = await tokenFor(t.app, t.db, await createClient(t.db, org));

    expect((await api(t, clinician).get('/organization').expect(200)).body).toEqual({ id: org.id, name: 'Hillside Programme', requireMfa: false, calendarLocations: false });
    await api(t, client).get('/organization').expect(403);
    await api(t).get('/organization').expect(401);
    await api(t, clinician).patch('/organization', { requireMfa: true }).expect(403);
    const bad = await api(t, admin).patch('/organization', { requireMfa: 'yes' }).expect(400);
    expect(bad.body.errors[0].field).toBe('requireMfa');
    await api(t, admin).patch('/organization', { name: '   ' }).expect(422);
    expect((await api(t, admin).patch('/organization', { name: 'Hillside Recovery' }).expect(200)).body.name).toBe('Hillside Recovery');
  });

  it('requiring MFA ends staff sessions opened without it, and the next sign-in asks for a second factor', async () => {
    const org = await createOrganization(t.db);
    const admin = await tokenFor(t.app, t.db, await createStaff(t.db, org, 'admin')); // a session marked MFA-verified
    const clinician = await staffWithPassword(t, org);
    const { accessToken } = (await post(t, '/auth/sign-in', { email: clinician.email, password: GOOD_PASSWORD }).expect(200)).body;
    await api(t, accessToken).get('/auth/me').expect(200);

    await api(t, admin).patch('/organization', { requireMfa: true }).expect(200);

    await api(t, accessToken).get('/auth/me').expect(401);
    await api(t, admin).get('/organization').expect(200); // its session had MFA
    const again = await post(t, '/auth/sign-in', { email: clinician.email, password: GOOD_PASSWORD }).expect(200);
    expect(again.body).toMatchObject({ mfaRequired: true, enrolmentRequired: true });
  });
});

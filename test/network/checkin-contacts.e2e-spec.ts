import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { addToTeam, createClient, createOrganization, createStaff, tokenFor, type ClientRecord } from '@attune/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { calmCheckIn } from '../checkins/support/check-ins.js';
import { api, type Api } from './support/http.js';

/** Issue 7 part 1: a check-in that names a person from the social map writes a contact log entry. */
describe('a check-in names a person from the social map', () => {
  let t: TestApp;
  let client: ClientRecord;
  let otherClient: ClientRecord;
  let as: Record<'client' | 'peerCoach' | 'otherClient', Api>;
  let rosa: string;
  let othersPerson: string;
  const path = (rest = '') => `/clients/${client.clientId}${rest}`;
  const contacts = async () => (await as.peerCoach.get(path('/contacts')).expect(200)).body as { personId: string; source: string; helped: boolean | null; how: string }[];

  beforeAll(async () => {
    t = await startTestApp({ worker: false, now: new Date('2026-01-07T11:00:00Z') });
    const org = await createOrganization(t.db);
    client = await createClient(t.db, org, { timeZone: 'Europe/Berlin' });
    otherClient = await createClient(t.db, org, { timeZone: 'Europe/Berlin' });
    const peerCoach = await createStaff(t.db, org, 'peer_coach');
    await addToTeam(t.db, client, peerCoach, 'peer_coach', new Date('2025-06-01T00:00:00Z'));
    as = {
      client: api(t, await tokenFor(t.app, t.db, client)),
      peerCoach: api(t, await tokenFor(t.app, t.db, peerCoach)),
      otherClient: api(t, await tokenFor(t.app, t.db, otherClient)),
    };
    rosa = (await as.client.post(path('/social-map/people'), { name: 'Rosa', label: 'supportive' }).expect(201)).body.id;
    othersPerson = (await as.otherClient.post(`/clients/${otherClient.clientId}/social-map/people`, { name: 'Sam', label: 'supportive' }).expect(201)).body.id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('records a contact (source checkin) in the same write, once even when the phone retries, and the weekly metrics count it', async () => {
    const body = calmCheckIn({ contactPersonId: rosa, contactHelped: true, contactHow: 'text' });
    await as.client.post(path('/check-ins'), body).expect(201);
    await as.client.post(path('/check-ins'), body).expect(200);
    const logged = await contacts();
    expect(logged).toEqual([expect.objectContaining({ personId: rosa, source: 'checkin', helped: true, how: 'text' })]);
    // Without a channel the form's default (a call) is recorded; helped left out is unknown.
    await as.client.post(path('/check-ins'), calmCheckIn({ contactPersonId: rosa })).expect(201);
    expect((await contacts()).map((c) => [c.how, c.helped]).sort()).toEqual([['call', null], ['text', true]]);
    const week = (await as.peerCoach.get(path('/social-map/metrics?from=2026-W02&to=2026-W02')).expect(200)).body.weeks[0];
    expect(week).toMatchObject({ week: '2026-W02', contacts: 2, supportiveContacts: 2, helpedContacts: 1, supportiveShare: 1 });
  });

  it("a person not on this client's map is a 422 naming contactPersonId, and no check-in is stored", async () => {
    const before = (await as.peerCoach.get(path('/check-ins')).expect(200)).body.items.length;
    for (const personId of [othersPerson, randomUUID()]) {
      const res = await as.client.post(path('/check-ins'), calmCheckIn({ contactPersonId: personId })).expect(422);
      expect(JSON.stringify(res.body)).toContain('contactPersonId');
    }
    const bad = await as.client.post(path('/check-ins'), calmCheckIn({ contactPersonId: 'rosa', contactHow: 'smoke' })).expect(422);
    expect(JSON.stringify(bad.body)).toContain('contactPersonId');
    expect(JSON.stringify(bad.body)).toContain('contactHow');
    const helpedAlone = await as.client.post(path('/check-ins'), calmCheckIn({ contactHelped: true })).expect(422);
    expect(JSON.stringify(helpedAlone.body)).toContain('contactHelped');
    expect((await as.peerCoach.get(path('/check-ins')).expect(200)).body.items.length).toBe(before);
    expect(await contacts()).toHaveLength(2);
  });
});

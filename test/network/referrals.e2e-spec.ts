import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addToTeam, createClient, createOrganization, createStaff, tokenFor, type ClientRecord, type Person } from '@attune/testing';
import { PART2_NOTICE } from '@attune/consent';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { HSDS_ROWS, hsdsPackage } from './support/hsds-fixture.js';
import { api, type Api } from './support/http.js';

const DAY = 86_400_000;
/** The fixture directory, the MAT clinic with an intake address (a referral by email goes there). */
const ROWS = { ...HSDS_ROWS, 'services.csv': HSDS_ROWS['services.csv'].map((s) => (s.id === 'svc-mat' ? { ...s, email: 'intake@commons.example.org' } : s)) };

describe('referrals to community resources (issue 7 part 6)', () => {
  let t: TestApp;
  let client: ClientRecord;
  let otherOrgClient: ClientRecord;
  let as: Record<'caseManager' | 'clinician' | 'peerCoach' | 'client' | 'otherOrgCaseManager', Api>;
  let caseManagerId: string;
  let caseManagerPerson: Person;
  let clinicianPerson: Person;
  const path = (rest = '') => `/clients/${client.clientId}/referrals${rest}`;
  const count = async (table: string) => Number((await t.db.query(`SELECT count(*) AS n FROM ${table} WHERE organization_id = $1`, [client.organizationId]))[0].n);
  const consent = (recipient: object, scopes = ['referral:basic']) => {
    const now = t.clock.now();
    return {
      kind: 'general',
      scopes,
      recipient,
      purpose: 'Referral for MAT',
      expiresAt: new Date(now.getTime() + 90 * DAY).toISOString(),
      signature: { signedName: client.preferredName, method: 'electronic', signedAt: now.toISOString() },
    };
  };
  const followUps = async (referralId: string) =>
    t.db.query<{ recipient_user_id: string; due_at: Date; status: string }[]>(`SELECT recipient_user_id, due_at, status FROM reminder WHERE kind = 'follow_up' AND subject_id = $1`, [referralId]);

  beforeAll(async () => {
    t = await startTestApp({ worker: false });
    const org = await createOrganization(t.db);
    const otherOrg = await createOrganization(t.db);
    client = await createClient(t.db, org);
    otherOrgClient = await createClient(t.db, otherOrg);
    const caseManager = await createStaff(t.db, org, 'case_manager');
    const clinician = await createStaff(t.db, org, 'clinician');
    const peerCoach = await createStaff(t.db, org, 'peer_coach');
    const otherOrgCaseManager = await createStaff(t.db, otherOrg, 'case_manager');
    await addToTeam(t.db, client, caseManager, 'case_manager');
    await addToTeam(t.db, client, clinician, 'clinician');
    await addToTeam(t.db, client, peerCoach, 'peer_coach');
    await addToTeam(t.db, otherOrgClient, otherOrgCaseManager, 'case_manager');
    // The factories start memberships a day before now; the overdue test acts eight days back.
    await t.db.query(`UPDATE care_team_membership SET starts_at = starts_at - interval '30 days' WHERE client_id = $1`, [client.clientId]);
    caseManagerId = caseManager.userId;
    caseManagerPerson = caseManager;
    clinicianPerson = clinician;
    as = {
      caseManager: api(t, await tokenFor(t.app, t.db, caseManager)),
      clinician: api(t, await tokenFor(t.app, t.db, clinician)),
      peerCoach: api(t, await tokenFor(t.app, t.db, peerCoach)),
      client: api(t, await tokenFor(t.app, t.db, client)),
      otherOrgCaseManager: api(t, await tokenFor(t.app, t.db, otherOrgCaseManager)),
    };
    await as.caseManager.post('/resources/import/tabular', hsdsPackage(ROWS)).expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  it('sending without a covering consent is 403 and nothing is written or sent', async () => {
    const referral = (await as.caseManager.post(path(), { serviceId: 'svc-mat', note: 'Wants buprenorphine' }).expect(201)).body;
    expect(referral).toMatchObject({ status: 'suggested', kind: 'staff', serviceName: 'MAT prescriber clinic' });
    const before = { disclosures: await count('disclosure'), messages: await count('outbound_message') };
    await as.caseManager.post(path(`/${referral.id}/send`), { via: 'email', scopes: ['referral:basic'] }).expect(403);
    expect({ disclosures: await count('disclosure'), messages: await count('outbound_message') }).toEqual(before);
    expect((await as.caseManager.get(path(`/${referral.id}`)).expect(200)).body).toMatchObject({ status: 'suggested', disclosureId: null });
    expect(await followUps(referral.id)).toEqual([]);
  });

  it('lifecycle: sent by email under a consent naming the organisation is a disclosure in the accounting; follow-up planned, then cancelled at closure; history kept', async () => {
    await as.clinician.post(`/clients/${client.clientId}/consents`, consent({ kind: 'provider', name: 'Recovery Commons' })).expect(201);
    const referral = (await as.caseManager.post(path(), { serviceId: 'svc-mat', note: 'Wants buprenorphine' }).expect(201)).body;
    const sent = (await as.caseManager.post(path(`/${referral.id}/send`), { via: 'email', scopes: ['referral:basic'] }).expect(200)).body;
    expect(sent).toMatchObject({ status: 'sent', sentVia: 'email' });
    expect(new Date(sent.followUpAt).getTime()).toBe(t.clock.now().getTime() + 7 * DAY);
    const accounting = (await as.client.get(`/clients/${client.clientId}/disclosures`).expect(200)).body;
    expect(accounting).toContainEqual(expect.objectContaining({ id: sent.disclosureId, recipient: 'Recovery Commons', notice: PART2_NOTICE }));
    const [message]: { to_address: string; subject: string; body: string }[] = await t.db.query(
      `SELECT to_address, subject, body FROM outbound_message WHERE organization_id = $1 AND channel = 'email' ORDER BY created_at DESC LIMIT 1`,
      [client.organizationId],
    );
    expect(message.to_address).toBe('intake@commons.example.org');
    expect(message.subject).not.toContain(client.preferredName);
    expect(message.body).toContain(client.preferredName);
    expect(message.body).toContain(PART2_NOTICE);
    // referral:basic only: the clinical reason is not sent.
    expect(message.body).not.toContain('buprenorphine');
    expect(await followUps(referral.id)).toEqual([{ recipient_user_id: caseManagerId, due_at: new Date(sent.followUpAt), status: 'scheduled' }]);

    const letter = await as.caseManager.get(path(`/${referral.id}/letter`)).expect(200);
    expect(letter.headers['content-type']).toMatch(/^text\/plain/);
    expect(letter.text).toContain(PART2_NOTICE);

    await as.caseManager.post(path(`/${referral.id}/status`), { status: 'connected' }).expect(409);
    await as.caseManager.post(path(`/${referral.id}/status`), { status: 'accepted' }).expect(200);
    await as.caseManager.post(path(`/${referral.id}/status`), { status: 'connected' }).expect(200);
    const noOutcome = await as.caseManager.post(path(`/${referral.id}/status`), { status: 'closed' }).expect(422);
    expect(noOutcome.body.errors[0].field).toBe('outcome');
    const closed = (await as.caseManager.post(path(`/${referral.id}/status`), { status: 'closed', outcome: 'connected_and_helped', note: 'Started treatment' }).expect(200)).body;
    expect(closed).toMatchObject({ status: 'closed', outcome: 'connected_and_helped', followUpAt: null });
    expect(closed.history.map((h: { status: string }) => h.status)).toEqual(['suggested', 'sent', 'accepted', 'connected', 'closed']);
    expect((await followUps(referral.id)).map((r) => r.status)).toEqual(['cancelled']);
    await as.caseManager.post(path(`/${referral.id}/status`), { status: 'accepted' }).expect(409);
    // Nothing disappears: closed referrals stay listed, there is no delete route.
    expect((await as.client.get(path()).expect(200)).body.map((r: { id: string }) => r.id)).toContain(referral.id);
    await as.caseManager.delete(path(`/${referral.id}`)).expect(404);
  });

  it('a self-referral is not a disclosure and needs no consent; a peer coach records it but cannot send staff referrals', async () => {
    const before = await count('disclosure');
    const self = (await as.peerCoach.post(path(), { serviceId: 'svc-housing', kind: 'self' }).expect(201)).body;
    expect(self).toMatchObject({ kind: 'self', status: 'sent', sentVia: 'self', disclosureId: null });
    await as.client.post(path(), { serviceId: 'svc-meeting', kind: 'self' }).expect(201);
    await as.peerCoach.post(path(`/${self.id}/status`), { status: 'accepted' }).expect(200);
    expect(await count('disclosure')).toBe(before);
    await as.peerCoach.post(path(), { serviceId: 'svc-housing' }).expect(403);
  });

  it("another organisation's client is 404; an unknown service is 422 naming serviceId", async () => {
    await as.caseManager.post(`/clients/${otherOrgClient.clientId}/referrals`, { serviceId: 'svc-mat' }).expect(404);
    const unknown = await as.caseManager.post(path(), { serviceId: 'svc-nowhere' }).expect(422);
    expect(unknown.body.errors[0].field).toBe('serviceId');
    // The other programme's directory is not this one's: its case manager cannot refer to our services.
    const foreign = await as.otherOrgCaseManager.post(`/clients/${otherOrgClient.clientId}/referrals`, { serviceId: 'svc-mat' }).expect(422);
    expect(foreign.body.errors[0].field).toBe('serviceId');
  });

  it('overdue: the follow-up date passed and not closed, for the team', async () => {
    // Sent eight days ago (tokens follow the test clock: sign in again whenever it moves).
    const today = t.clock.now();
    t.clock.set(new Date(today.getTime() - 8 * DAY));
    const clinicianThen = api(t, await tokenFor(t.app, t.db, clinicianPerson));
    await clinicianThen.post(`/clients/${client.clientId}/consents`, consent({ kind: 'class', name: 'Health care providers treating me' })).expect(201);
    const referral = (await clinicianThen.post(path(), { serviceId: 'svc-housing' }).expect(201)).body;
    await clinicianThen.post(path(`/${referral.id}/send`), { via: 'letter', scopes: ['referral:basic'] }).expect(200);
    const fresh = (await clinicianThen.post(path(), { serviceId: 'svc-housing' }).expect(201)).body;
    t.clock.set(today);
    as.caseManager = api(t, await tokenFor(t.app, t.db, caseManagerPerson));
    as.clinician = api(t, await tokenFor(t.app, t.db, clinicianPerson));
    await as.clinician.post(path(`/${fresh.id}/send`), { via: 'letter', scopes: ['referral:basic'] }).expect(200);
    const overdue = (await as.caseManager.get(path('?overdue=true')).expect(200)).body;
    expect(overdue.map((r: { id: string }) => r.id)).toEqual([referral.id]);
    const bad = await as.caseManager.get(path('?overdue=yes')).expect(400);
    expect(JSON.stringify(bad.body)).toContain('overdue');
  });
});

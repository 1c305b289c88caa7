import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Disclosures, PART2_NOTICE } from '@attune/consent';
import { createCareTeam, createOrganization, fakePhone, tokenFor, type ClientRecord } from '@attune/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { api, consentedSupporter, LONG_TOKENS, supporterConsent } from './support.js';

/** Consents (§2.31 elements, the signed text), disclose() for referrals, §2.51 emergencies, family invitations, agreements. */
describe('consents and disclosures', () => {
  let t: TestApp;
  let team: Awaited<ReturnType<typeof createCareTeam>>;
  let client: ClientRecord;
  const tokens: Record<string, string> = {};
  const count = async (table: string) => (await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

  beforeAll(async () => {
    // No worker: texts stay queued with their bodies, so the test reads what would be sent.
    t = await startTestApp({ env: LONG_TOKENS, worker: false });
    const org = await createOrganization(t.db, 'Riverbend Recovery');
    team = await createCareTeam(t.db, org);
    client = team.client;
    for (const who of ['clinician', 'supervisor', 'client', 'admin'] as const) tokens[who] = await tokenFor(t.app, t.db, team[who]);
  });
  afterAll(async () => {
    await t.close();
  });

  const without = (body: Record<string, unknown>, path: string) => {
    const copy = structuredClone(body) as Record<string, Record<string, unknown>>;
    const [top, inner] = path.split('.');
    if (inner) delete copy[top][inner];
    else delete copy[top];
    return copy;
  };

  it.each(['scopes', 'recipient', 'recipient.kind', 'recipient.name', 'recipient.phone', 'purpose', 'expiresAt', 'signature', 'signature.signedName', 'signature.method', 'signature.signedAt'])(
    'a consent missing %s is 422 naming it, and nothing is written',
    async (element) => {
      const before = [await count('consent'), await count('user_account')];
      const res = await api(t, tokens.clinician).post(`/clients/${client.clientId}/consents`, without(supporterConsent(t, fakePhone()), element)).expect(422);
      expect(res.body.errors[0].field).toBe(element);
      expect([await count('consent'), await count('user_account')]).toEqual(before);
    },
  );

  it('refuses an expiry in the past, an unknown scope, a TPO consent without refusal consequences', async () => {
    const past = new Date(t.clock.now().getTime() - 1000).toISOString();
    const cases: [Record<string, unknown>, string][] = [
      [{ expiresAt: past }, 'expiresAt'],
      [{ scopes: ['everything'] }, 'scopes'],
      [{ kind: 'tpo', recipient: { kind: 'provider', name: 'County Hospital' } }, 'refusalConsequences'],
    ];
    const before = await count('consent');
    for (const [change, field] of cases) {
      const res = await api(t, tokens.clinician).post(`/clients/${client.clientId}/consents`, supporterConsent(t, fakePhone(), change)).expect(422);
      expect(res.body.errors[0].field).toBe(field);
    }
    expect(await count('consent')).toBe(before);
  });

  it('counselling notes are consented to alone and never disclosed under a general consent', async () => {
    const mixed = await api(t, tokens.clinician)
      .post(`/clients/${client.clientId}/consents`, supporterConsent(t, fakePhone(), { kind: 'counselling_notes', scopes: ['counselling-notes', 'referral:basic'] }))
      .expect(422);
    expect(mixed.body.errors[0].field).toBe('scopes');
    const inGeneral = await api(t, tokens.clinician)
      .post(`/clients/${client.clientId}/consents`, supporterConsent(t, fakePhone(), { scopes: ['counselling-notes'] }))
      .expect(422);
    expect(inGeneral.body.errors[0].field).toBe('kind');

    // A general consent to a provider for referral information does not reach counselling notes.
    const general = { scopes: ['referral:basic', 'referral:clinical'], recipient: { kind: 'provider', name: 'Hope Clinic' }, purpose: 'Referral for MAT' };
    await api(t, tokens.clinician).post(`/clients/${client.clientId}/consents`, supporterConsent(t, fakePhone(), general)).expect(201);
    const disclosures = t.app.get(Disclosures);
    const request = { organizationId: client.organizationId, clientId: client.clientId, recipient: 'Hope Clinic', purpose: 'Referral for MAT', disclosedBy: team.clinician.userId };
    const before = await count('disclosure');
    await expect(t.db.transaction((tx) => disclosures.disclose(tx, { ...request, description: 'Counselling notes', scopes: ['counselling-notes'] }))).rejects.toMatchObject({ status: 403 });
    // Another recipient than the one named, or a scope the consent lacks: refused too.
    await expect(t.db.transaction((tx) => disclosures.disclose(tx, { ...request, recipient: 'Other Clinic', description: 'Referral', scopes: ['referral:basic'] }))).rejects.toMatchObject({ status: 403 });
    await expect(t.db.transaction((tx) => disclosures.disclose(tx, { ...request, description: 'Plan', scopes: ['plan:coping'] }))).rejects.toMatchObject({ status: 403 });
    expect(await count('disclosure')).toBe(before);

    // The covered disclosure is accounted with the notice and a statement of the consent's scope.
    const made = await t.db.transaction((tx) => disclosures.disclose(tx, { ...request, description: 'Referral letter', scopes: ['referral:basic'] }));
    expect(made).toMatchObject({ recipient: 'Hope Clinic', notice: PART2_NOTICE, basis: 'consent' });
    expect(made.consentStatement).toMatch(/Hope Clinic.*Referral for MAT/s);
    const accounting = await api(t, tokens.client).get(`/clients/${client.clientId}/disclosures`).expect(200);
    expect(accounting.body).toContainEqual(expect.objectContaining({ id: made.id, description: 'Referral letter', purpose: 'Referral for MAT' }));

    // A separate counselling-notes consent does allow exactly that disclosure.
    await api(t, tokens.clinician)
      .post(`/clients/${client.clientId}/consents`, supporterConsent(t, fakePhone(), { ...general, kind: 'counselling_notes', scopes: ['counselling-notes'] }))
      .expect(201);
    await t.db.transaction((tx) => disclosures.disclose(tx, { ...request, description: 'Counselling notes', scopes: ['counselling-notes'] }));
  });

  it('stores the exact text signed, with the elements, and the client downloads it', async () => {
    const tpo = supporterConsent(t, fakePhone(), {
      kind: 'tpo',
      scopes: ['referral:basic'],
      recipient: { kind: 'class', name: 'Health care providers treating me' },
      refusalConsequences: 'You can still receive treatment; we cannot share records with your other providers.',
      expiresAt: undefined,
      expiryEvent: 'end_of_treatment',
    });
    const made = await api(t, tokens.clinician).post(`/clients/${client.clientId}/consents`, tpo).expect(201);
    expect(made.body).toMatchObject({ kind: 'tpo', discloser: 'Riverbend Recovery', status: 'active', templateVersion: 'part2-2024.1' });
    const doc = await api(t, tokens.client).get(`/clients/${client.clientId}/consents/${made.body.id}/document`).expect(200);
    expect(doc.headers['content-type']).toMatch(/^text\/plain/);
    for (const part of [client.preferredName, 'Riverbend Recovery', 'Health care providers treating me', 'To support my recovery', 'revoke', 'when my treatment in the programme ends', 'If I do not sign: You can still receive treatment', 'HIPAA', 'Jordan Client']) {
      expect(doc.text).toContain(part);
    }
    // What was signed cannot change.
    await expect(t.db.query(`UPDATE consent SET purpose = 'changed' WHERE id = $1`, [made.body.id])).rejects.toThrow(/locked/);
  });

  it('records a medical-emergency disclosure (§2.51) that appears in the accounting', async () => {
    const res = await api(t, tokens.clinician)
      .post(`/clients/${client.clientId}/emergency-disclosures`, { recipient: 'Dr. Lee, County Hospital ED', description: 'Current MAT dose', reason: 'Unresponsive; suspected overdose' })
      .expect(201);
    expect(res.body).toMatchObject({ basis: 'medical_emergency', disclosedBy: team.clinician.userId, emergencyReason: 'Unresponsive; suspected overdose', consentId: null });
    const accounting = await api(t, tokens.client).get(`/clients/${client.clientId}/disclosures`).expect(200);
    expect(accounting.body).toContainEqual(expect.objectContaining({ id: res.body.id, recipient: 'Dr. Lee, County Hospital ED', purpose: 'Medical emergency (42 CFR 2.51)' }));
    await api(t, tokens.client).post(`/clients/${client.clientId}/emergency-disclosures`, { recipient: 'x', description: 'y', reason: 'z' }).expect(403);
    const missing = await api(t, tokens.clinician).post(`/clients/${client.clientId}/emergency-disclosures`, { recipient: 'x', description: ' ', reason: 'z' }).expect(422);
    expect(missing.body.errors[0].field).toBe('description');
  });

  it('invites a supporter with sessions:family to a visit: a lobby link by SMS, accounted; without it 409 and nothing sent', async () => {
    const startsAt = new Date(t.clock.now().getTime() + 3 * 86_400_000);
    const visit = await api(t, tokens.clinician).post(`/clients/${client.clientId}/visits`, { kind: 'group', startsAt: startsAt.toISOString(), durationMinutes: 60 }).expect(201);
    const visitId = visit.body.visits[0].id;
    const family = await consentedSupporter(t, tokens.clinician, client.clientId, client.organizationId, fakePhone());
    const progressOnly = await consentedSupporter(t, tokens.clinician, client.clientId, client.organizationId, fakePhone(), { scopes: ['progress:summary'] });

    const messagesBefore = await count('outbound_message');
    await api(t, tokens.clinician).post(`/clients/${client.clientId}/visits/${visitId}/family-invitations`, { supporterUserId: progressOnly.supporter.userId }).expect(409);
    expect(await count('outbound_message')).toBe(messagesBefore);
    await api(t, tokens.client).post(`/clients/${client.clientId}/visits/${visitId}/family-invitations`, { supporterUserId: family.supporter.userId }).expect(403);

    const invited = await api(t, tokens.clinician).post(`/clients/${client.clientId}/visits/${visitId}/family-invitations`, { supporterUserId: family.supporter.userId }).expect(201);
    expect(invited.body.disclosure).toMatchObject({ recipient: 'Maria Lopez', notice: PART2_NOTICE });
    await api(t, tokens.clinician).post(`/clients/${client.clientId}/visits/${visitId}/family-invitations`, { supporterUserId: family.supporter.userId }).expect(409);
    const [sms] = await t.db.query<{ body: string; to_address: string; channel: string }[]>(
      `SELECT body, to_address, channel FROM outbound_message WHERE recipient_user_id = $1`,
      [family.supporter.userId],
    );
    expect(sms).toMatchObject({ channel: 'sms', to_address: family.supporter.phone });
    expect(sms.body).not.toContain(client.preferredName);
    const [participant] = await t.db.query<{ moderator: boolean; token: string }[]>(`SELECT moderator, token FROM visit_participant WHERE visit_id = $1 AND user_id = $2`, [visitId, family.supporter.userId]);
    expect(participant.moderator).toBe(false);
    expect(sms.body).toContain(`/j/${participant.token}`);

    const sessions = await api(t, family.token).get(`/clients/${client.clientId}/family-sessions`).expect(200);
    expect(sessions.body.data).toEqual([expect.objectContaining({ visitId, invitedSupporterUserIds: [family.supporter.userId], joinUrl: expect.stringContaining(participant.token) })]);
    expect(sessions.body.disclosure.notice).toBe(PART2_NOTICE);
    await request(t.url).get(`/j/${participant.token}`).expect(200);

    // Revocation removes the invitation's access: the join link is as good as unknown.
    await api(t, tokens.client).post(`/clients/${client.clientId}/consents/${family.consentId}/revoke`, { statement: 'No longer.' }).expect(200);
    await request(t.url).get(`/j/${participant.token}`).expect(404);
    await api(t, family.token).get(`/clients/${client.clientId}/family-sessions`).expect(404);
  });

  it('service-provider agreements per integration: admins only, one live per vendor and integration', async () => {
    const body = { integration: 'sms', vendor: 'Twilio', agreementKind: 'qsoa_baa', effectiveOn: '2026-01-01' };
    const made = await api(t, tokens.admin).post('/service-provider-agreements', body).expect(201);
    await api(t, tokens.admin).post('/service-provider-agreements', body).expect(409);
    await api(t, tokens.clinician).post('/service-provider-agreements', body).expect(403);
    await api(t, tokens.client).get('/service-provider-agreements').expect(403);
    await api(t, tokens.admin).post('/service-provider-agreements', { ...body, integration: 'fax' }).expect(400);
    const list = await api(t, tokens.admin).get('/service-provider-agreements').expect(200);
    expect(list.body).toEqual([expect.objectContaining({ id: made.body.id, integration: 'sms', vendor: 'Twilio', endedAt: null })]);
    await api(t, tokens.admin).post(`/service-provider-agreements/${made.body.id}/end`).expect(200);
    await api(t, tokens.admin).post('/service-provider-agreements', body).expect(201);
  });
});

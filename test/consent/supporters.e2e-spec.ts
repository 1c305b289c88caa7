import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { PART2_NOTICE } from '@attune/consent';
import { Rooms, socketIoKey } from '@attune/platform';
import { auditEventsAfter, createCareTeam, createClient, createOrganization, fakePhone, lastAuditEventId, tokenFor, type ClientRecord } from '@attune/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { api, consentedSupporter, LONG_TOKENS } from './support.js';

/**
 * Supporters under 42 CFR Part 2: they read exactly their consent's scopes; each of their reads is a
 * disclosure in the accounting with the §2.32 notice; a supervisor's read is a use (audited, no disclosure);
 * revocation, expiry and discharge end access on the next request, and revocation closes open sockets.
 */
describe('supporters and their consents', () => {
  let t: TestApp;
  let team: Awaited<ReturnType<typeof createCareTeam>>;
  let client: ClientRecord;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    // No worker: texts stay queued with their bodies, so the test reads what would be sent.
    t = await startTestApp({ env: LONG_TOKENS, worker: false });
    const org = await createOrganization(t.db);
    team = await createCareTeam(t.db, org);
    client = team.client;
    for (const who of ['clinician', 'supervisor', 'peerCoach', 'client'] as const) tokens[who] = await tokenFor(t.app, t.db, team[who]);
  });
  afterAll(async () => {
    await t.close();
  });

  const disclosures = async () => (await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM disclosure WHERE client_id = $1`, [client.clientId]))[0].n;

  it('a supporter sees exactly the consent’s scopes, and each read is accounted with the notice', async () => {
    const { token, supporter } = await consentedSupporter(t, tokens.clinician, client.clientId, client.organizationId, fakePhone(), { scopes: ['progress:summary'] });
    const as = api(t, token);
    const before = await disclosures();

    const summary = await as.get(`/clients/${client.clientId}/progress-summary`).expect(200);
    expect(summary.body.data).toEqual(expect.objectContaining({ weeksInProgramme: expect.any(Number), status: 'active', curriculum: null }));
    expect(summary.body.disclosure.notice).toBe(PART2_NOTICE);
    expect(summary.body.disclosure.consentStatement).toMatch(/Maria Lopez/);

    // Outside the scopes: refused, and nothing disclosed.
    await as.get(`/clients/${client.clientId}/family-sessions`).expect(403);
    await as.get(`/clients/${client.clientId}`).expect(403);
    await as.get(`/clients/${client.clientId}/visits`).expect(403);
    await as.get(`/clients/${client.clientId}/measures`).expect(403);
    await as.get(`/clients/${client.clientId}/consents`).expect(403);
    await as.get(`/clients/${client.clientId}/disclosures`).expect(403);
    // Another client of the programme does not exist for them.
    const other = await createClient(t.db, { id: client.organizationId });
    await as.get(`/clients/${other.clientId}/progress-summary`).expect(404);
    expect(await disclosures()).toBe(before + 1);

    const accounting = await api(t, tokens.client).get(`/clients/${client.clientId}/disclosures`).expect(200);
    const mine = accounting.body.filter((d: { disclosedBy: string }) => d.disclosedBy === supporter.userId);
    expect(mine).toEqual([
      expect.objectContaining({ recipient: 'Maria Lopez', purpose: 'To support my recovery', description: 'Summary of progress in the programme', basis: 'consent', notice: PART2_NOTICE }),
    ]);
  });

  it('the progress summary shows where the client is in the curriculum, as figures only', async () => {
    const { token } = await consentedSupporter(t, tokens.clinician, client.clientId, client.organizationId, fakePhone(), { scopes: ['progress:summary'] });
    await api(t, tokens.clinician).post(`/clients/${client.clientId}/curriculum`, {}).expect(201);
    const summary = await api(t, token).get(`/clients/${client.clientId}/progress-summary`).expect(200);
    // Enrolled from the programme's start: the weeks since then are unlocked, none of their activities done yet.
    expect(summary.body.data.curriculum).toEqual({ currentWeek: expect.any(Number), totalWeeks: 52, percentDone: 0, paused: false });
    expect(summary.body.data.curriculum.currentWeek).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(summary.body.data)).not.toMatch(/reflection|activit|title/i);
  });

  it('with plan:coping a supporter reads the coping steps and crisis lines only (disclosed), never the plan', async () => {
    const plan = { warningSigns: ['Not sleeping'], triggers: [{ category: 'places', description: 'The bar on 5th' }], copingStrategies: ['Walk the dog'], peopleToCall: [], reasonsForRecovery: ['My kids'], crisisLines: [{ name: '988 Lifeline', phone: '988' }] };
    await api(t, tokens.client).put(`/clients/${client.clientId}/relapse-plan`, { baseVersion: 0, content: plan }).expect(200);
    const { token } = await consentedSupporter(t, tokens.clinician, client.clientId, client.organizationId, fakePhone(), { scopes: ['plan:coping'] });
    const before = await disclosures();
    const coping = await api(t, token).get(`/clients/${client.clientId}/coping-steps`).expect(200);
    expect(coping.body.data).toEqual({ version: 1, copingStrategies: ['Walk the dog'], crisisLines: [{ name: '988 Lifeline', phone: '988' }] });
    expect(coping.body.disclosure.notice).toBe(PART2_NOTICE);
    expect(JSON.stringify(coping.body)).not.toContain('bar on 5th');
    for (const path of ['relapse-plan', 'relapse-plan/coping', 'relapse-plan/text', 'social-map', 'progress-summary']) await api(t, token).get(`/clients/${client.clientId}/${path}`).expect(403);
    expect(await disclosures()).toBe(before + 1);
  });

  it('a supervisor’s or the team’s read is a use: audited, not a disclosure', async () => {
    const before = await disclosures();
    const lastAudit = await lastAuditEventId(t.db);
    const read = await api(t, tokens.supervisor).get(`/clients/${client.clientId}/progress-summary`).expect(200);
    expect(read.body.disclosure).toBeNull();
    await api(t, tokens.peerCoach).get(`/clients/${client.clientId}/progress-summary`).expect(200);
    expect(await disclosures()).toBe(before);
    const events = await auditEventsAfter(t.db, lastAudit);
    expect(events.map((e) => [e.actor_user_id, e.outcome, e.basis, e.client_id])).toEqual([
      [team.supervisor.userId, 'allowed', 'supervisor', client.clientId],
      [team.peerCoach.userId, 'allowed', 'team', client.clientId],
    ]);
  });

  it('repeated disclosures to one recipient for one purpose are summarised', async () => {
    const { token } = await consentedSupporter(t, tokens.clinician, client.clientId, client.organizationId, fakePhone(), {
      scopes: ['progress:summary'],
      recipient: { kind: 'supporter', name: 'Sam Rivera', phone: fakePhone() },
    });
    for (let i = 0; i < 3; i++) await api(t, token).get(`/clients/${client.clientId}/progress-summary`).expect(200);
    const res = await api(t, tokens.client).get(`/clients/${client.clientId}/disclosures?summarise=true`).expect(200);
    expect(res.body).toContainEqual(expect.objectContaining({ recipient: 'Sam Rivera', purpose: 'To support my recovery', count: 3 }));
  });

  it('after revocation the next request is refused and the open socket is told and closed', async () => {
    const { token, supporter, consentId } = await consentedSupporter(t, tokens.clinician, client.clientId, client.organizationId, fakePhone());
    await api(t, token).get(`/clients/${client.clientId}/progress-summary`).expect(200);

    // A socket.io server on the Redis adapter with the key the api's emitter uses (the gateway's contract).
    const pub = new Redis(t.config.redis.url);
    const sub = pub.duplicate();
    const server = new Server({ adapter: createAdapter(pub, sub, { key: socketIoKey(t.config.redisPrefix) }) });
    server.on('connection', (s) => void s.join(Rooms.user(String(s.handshake.auth.userId))));
    server.listen(0);
    const port = (server.httpServer.address() as { port: number }).port;
    const socket: Socket = connect(`http://127.0.0.1:${port}`, { auth: { userId: supporter.userId }, transports: ['websocket'], reconnection: false });
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    // The room is joined once the server has handled the connection: wait until the adapter sees it.
    await waitFor(async () => (await server.in(Rooms.user(supporter.userId)).fetchSockets()).length === 1);
    const ended = new Promise<unknown>((resolve) => socket.on('session.ended', resolve));
    const closed = new Promise<string>((resolve) => socket.on('disconnect', resolve));

    const revoked = await api(t, tokens.client)
      .post(`/clients/${client.clientId}/consents/${consentId}/revoke`, { statement: 'I withdraw this consent.' })
      .expect(200);
    expect(revoked.body.status).toBe('revoked');
    expect(await ended).toEqual({ reason: 'access_changed' });
    expect(await closed).toBe('io server disconnect');

    await api(t, token).get(`/clients/${client.clientId}/progress-summary`).expect(404);
    await api(t, tokens.client).post(`/clients/${client.clientId}/consents/${consentId}/revoke`, { statement: 'again' }).expect(409);
    const text = await api(t, tokens.client).get(`/clients/${client.clientId}/consents/${consentId}/document`).expect(200);
    expect(text.text).toMatch(/REVOKED at .*: I withdraw this consent\./);

    socket.close();
    await new Promise<void>((resolve) => void server.close(() => resolve()));
    pub.disconnect();
    sub.disconnect();
  });

  it('an expired consent (clock) and an end-of-treatment consent (discharge) end access', async () => {
    const now = t.clock.now();
    const dated = await consentedSupporter(t, tokens.clinician, client.clientId, client.organizationId, fakePhone(), {
      expiresAt: new Date(now.getTime() + 3600_000).toISOString(),
    });
    await api(t, dated.token).get(`/clients/${client.clientId}/progress-summary`).expect(200);
    t.clock.advance(3601);
    await api(t, dated.token).get(`/clients/${client.clientId}/progress-summary`).expect(404);
    t.clock.set(now);

    const other = await createClient(t.db, { id: client.organizationId });
    const clinicianOnOther = team.clinician;
    await t.db.query(
      `INSERT INTO care_team_membership (organization_id, client_id, staff_user_id, team_role, starts_at, created_by) VALUES ($1, $2, $3, 'clinician', now() - interval '1 day', $3)`,
      [other.organizationId, other.clientId, clinicianOnOther.userId],
    );
    const eot = await consentedSupporter(t, tokens.clinician, other.clientId, other.organizationId, fakePhone(), { expiresAt: undefined, expiryEvent: 'end_of_treatment' });
    await api(t, eot.token).get(`/clients/${other.clientId}/progress-summary`).expect(200);
    await t.db.query(`UPDATE client SET status = 'discharged' WHERE id = $1`, [other.clientId]);
    await api(t, eot.token).get(`/clients/${other.clientId}/progress-summary`).expect(404);
    const list = await api(t, tokens.clinician).get(`/clients/${other.clientId}/consents`).expect(200);
    expect(list.body[0].status).toBe('expired');
  });

  it('a person who is a client and a supporter has two accounts on one phone, and signs in as either', async () => {
    const other = await createClient(t.db, { id: client.organizationId });
    const { supporter } = await consentedSupporter(t, tokens.clinician, client.clientId, client.organizationId, other.phone!);
    expect(supporter.userId).not.toBe(other.userId);
    const accounts = await t.db.query<{ role: string }[]>(`SELECT role FROM user_account WHERE phone = $1 ORDER BY role`, [other.phone]);
    expect(accounts.map((a) => a.role)).toEqual(['client', 'supporter']);

    await api(t).post('/auth/sign-in/code-request', { phone: other.phone, as: 'supporter' }).expect(202);
    const [message] = await t.db.query<{ body: string }[]>(
      `SELECT body FROM outbound_message WHERE recipient_user_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [supporter.userId],
    );
    const code = /\b(\d{6})\b/.exec(message.body)![1];
    const signedIn = await api(t).post('/auth/sign-in/code', { phone: other.phone, code, as: 'supporter' }).expect(200);
    const mine = await api(t, signedIn.body.accessToken).get('/supporter/consents').expect(200);
    expect(mine.body).toEqual([expect.objectContaining({ clientId: client.clientId, scopes: ['sessions:family', 'progress:summary'] })]);
    // The supporter account is not the client: the client's own routes are not theirs.
    await api(t, signedIn.body.accessToken).get(`/clients/${other.clientId}`).expect(404);
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

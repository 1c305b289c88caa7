import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { jwtVerify } from 'jose/jwt/verify';
import request from 'supertest';
import { testConfig } from '@attune/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { LONG_TOKENS, MONDAY, schedulingWorld, type SchedulingWorld } from './support.js';

const SECRET = 'jitsi-app-secret-for-tests-0123456789abcdef';
const ENV = { ...LONG_TOKENS, MEETING_PROVIDER: 'jitsi', JITSI_DOMAIN: 'meet.example.org', JITSI_APP_ID: 'attune', JITSI_APP_SECRET: SECRET, DIAL_IN_NUMBER: '+15555550100', DIAL_IN_PIN: '4321' };

describe('meeting links and joining', () => {
  let t: TestApp;
  let w: SchedulingWorld;
  const visitsPath = () => `/clients/${w.client.clientId}/visits`;

  beforeAll(async () => {
    t = await startTestApp({ worker: false, now: MONDAY, env: ENV });
    w = await schedulingWorld(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const tokenOf = async (visitId: string, userId: string) =>
    (await t.db.query<{ token: string }[]>(`SELECT token FROM visit_participant WHERE visit_id = $1 AND user_id = $2`, [visitId, userId]))[0].token;
  const roomOf = async (visitId: string) => (await t.db.query<{ room: string; revoked_at: Date | null }[]>(`SELECT room, revoked_at FROM visit_link WHERE visit_id = $1`, [visitId]))[0];
  const attendance = async (visitId: string) => (await t.db.query<{ user_id: string }[]>(`SELECT user_id FROM visit_attendance WHERE visit_id = $1`, [visitId])).map((r) => r.user_id);
  const page = (token: string) => request(t.url).get(`/j/${token}`).set('accept', 'text/html');
  // As a browser submits the page's form: urlencoded, empty.
  const press = (token: string) => request(t.url).post(`/j/${token}`).set('accept', 'text/html').type('form').send('').redirects(0);

  it('creates a room with the visit and a short link per participant; the page changes with time; only the POST records attendance', async () => {
    t.clock.set(MONDAY);
    const created = await w.as.clinician.post(visitsPath(), { kind: 'video', startsAt: '2026-01-05T14:00:00Z', durationMinutes: 60 }).expect(201);
    const visitId = created.body.visits[0].id;
    const { room } = await roomOf(visitId);
    expect(room).toMatch(/^[0-9a-f]{32}$/);
    const clientToken = await tokenOf(visitId, w.client.userId);
    expect(clientToken).toMatch(/^[A-Za-z0-9_-]{22}$/);

    // Too early: when to come back (13:45 UTC is 07:45 in Chicago).
    const early = await page(clientToken).expect(200);
    expect(early.headers['content-type']).toMatch(/text\/html/);
    expect(early.text).toContain('Come back from Monday 5 January, 07:45');
    expect(early.text).not.toContain(w.client.preferredName);
    expect(await attendance(visitId)).toEqual([]);
    await press(clientToken).expect(409);
    expect(await attendance(visitId)).toEqual([]);

    // Inside the window: a Join button; looking records nothing.
    t.clock.set(new Date('2026-01-05T13:50:00Z'));
    const open = await page(clientToken).expect(200);
    expect(open.text).toContain('<form method="post"><button type="submit">Join</button></form>');
    await page(clientToken).expect(200);
    expect(await attendance(visitId)).toEqual([]);

    const joined = await press(clientToken).expect(303);
    expect(await attendance(visitId)).toEqual([w.client.userId]);
    const location = new URL(joined.headers.location);
    expect(`${location.origin}${location.pathname}`).toBe(`https://meet.example.org/${room}`);
    const { payload } = await jwtVerify(location.searchParams.get('jwt')!, new TextEncoder().encode(SECRET), { issuer: 'attune', audience: 'jitsi', currentDate: t.clock.now() });
    expect(payload).toMatchObject({ room, nbf: Date.parse('2026-01-05T13:45:00Z') / 1000, exp: Date.parse('2026-01-05T15:00:00Z') / 1000 });
    expect(payload.context).toMatchObject({ user: { id: w.client.userId, name: w.client.preferredName.split(' ')[0], moderator: false, lobby_bypass: false } });

    const staff = await press(await tokenOf(visitId, w.clinician.userId)).expect(303);
    const staffJwt = await jwtVerify(new URL(staff.headers.location).searchParams.get('jwt')!, new TextEncoder().encode(SECRET), { currentDate: t.clock.now() });
    expect(staffJwt.payload.context).toMatchObject({ user: { id: w.clinician.userId, moderator: true, lobby_bypass: true } });

    // After the end: says so plainly; nothing recorded.
    t.clock.set(new Date('2026-01-05T15:00:00Z'));
    expect((await page(clientToken).expect(200)).text).toContain('This session has ended');
    await press(clientToken).expect(409);
    expect((await attendance(visitId)).sort()).toEqual([w.client.userId, w.clinician.userId].sort());
  });

  it('replaces the room when the visit moves and revokes it when cancelled: the link no longer joins', async () => {
    t.clock.set(MONDAY);
    const created = await w.as.clinician.post(visitsPath(), { kind: 'video', startsAt: '2026-01-06T16:00:00Z', durationMinutes: 30 }).expect(201);
    const visitId = created.body.visits[0].id;
    const before = await roomOf(visitId);
    await w.as.clinician.post(`${visitsPath()}/${visitId}/reschedule`, { startsAt: '2026-01-06T17:00:00Z' }).expect(200);
    const after = await roomOf(visitId);
    expect(after.room).not.toBe(before.room);
    await w.as.clinician.post(`${visitsPath()}/${visitId}/cancel`, { reason: 'client unwell' }).expect(200);
    expect((await roomOf(visitId)).revoked_at).not.toBeNull();
    t.clock.set(new Date('2026-01-06T16:55:00Z'));
    const token = await tokenOf(visitId, w.client.userId);
    expect((await page(token).expect(200)).text).toContain('This session was cancelled');
    const refused = await press(token).expect(409);
    expect(refused.headers.location).toBeUndefined();
    expect(await attendance(visitId)).toEqual([]);
  });

  it('shows the dial-in number for a phone visit and checks in without a room', async () => {
    t.clock.set(MONDAY);
    const created = await w.as.peerCoach.post(visitsPath(), { kind: 'phone', startsAt: '2026-01-07T16:00:00Z', durationMinutes: 20 }).expect(201);
    const visitId = created.body.visits[0].id;
    expect(await roomOf(visitId)).toBeUndefined();
    const token = await tokenOf(visitId, w.client.userId);
    expect((await page(token).expect(200)).text).toContain('+15555550100</a>, PIN 4321');
    t.clock.set(new Date('2026-01-07T15:50:00Z'));
    expect((await press(token).expect(200)).text).toContain('You are checked in');
    expect(await attendance(visitId)).toEqual([w.client.userId]);
  });

  it('answers a token that does not exist with a 404 page, or problem details for JSON clients', async () => {
    const html = await request(t.url).get('/j/AAAAAAAAAAAAAAAAAAAAAA').set('accept', 'text/html').expect(404);
    expect(html.text).toContain('This link does not work');
    const json = await request(t.url).get('/j/not-a-token').set('accept', 'application/json').expect(404);
    expect(json.body).toMatchObject({ status: 404, detail: 'join link not found' });
    await request(t.url).post('/j/AAAAAAAAAAAAAAAAAAAAAA').set('accept', 'application/json').expect(404);
  });

  it('refuses the public meet.jit.si outside demo mode and incomplete provider settings', () => {
    expect(() => testConfig('postgres://localhost/x', { MEETING_PROVIDER: 'jitsi', JITSI_DOMAIN: 'meet.jit.si', DEMO_SEED: 'false' })).toThrow(/demo mode/);
    expect(testConfig('postgres://localhost/x', { MEETING_PROVIDER: 'jitsi', JITSI_DOMAIN: 'meet.jit.si', DEMO_SEED: 'true' }).meetings.provider).toBe('jitsi');
    expect(() => testConfig('postgres://localhost/x', { MEETING_PROVIDER: 'jitsi', JITSI_DOMAIN: 'meet.example.org' })).toThrow(/JITSI_APP_ID/);
    expect(() => testConfig('postgres://localhost/x', { MEETING_PROVIDER: 'jaas', JAAS_APP_ID: 'x' })).toThrow(/JAAS_KEY_ID/);
    expect(() => testConfig('postgres://localhost/x', { MEETING_PROVIDER: 'static' })).toThrow(/STATIC_MEETING_URL/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createCareTeam, createOrganization, tokenFor } from '@attune/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { api } from '../reminders/support/http.js';
import { calmCheckIn, teamSince } from './support/check-ins.js';

/** Check-ins over REST: every field checked (422 naming it), idempotent by the app's id, history and trends. */
describe('check-ins', () => {
  let t: TestApp;
  let team: Awaited<ReturnType<typeof createCareTeam>>;
  const path = () => `/clients/${team.client.clientId}/check-ins`;
  const as = async (who: 'client' | 'peerCoach' | 'supervisor') => api(t, await tokenFor(t.app, t.db, team[who]));

  beforeAll(async () => {
    // A Tuesday noon in Chicago, two days after the end of daylight saving time (Sunday 1 November 2026).
    t = await startTestApp({ now: new Date('2026-11-03T18:00:00Z') });
    team = await createCareTeam(t.db, await createOrganization(t.db));
    await teamSince(t.db, team.client.clientId);
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  const BAD: [string, Record<string, unknown>][] = [
    ['id', { id: 'not-a-uuid' }],
    ['mood', { mood: 0 }],
    ['mood', { mood: 6 }],
    ['mood', { mood: 3.5 }],
    ['craving', { craving: -1 }],
    ['craving', { craving: 11 }],
    ['craving', { craving: '5' }],
    ['used', { used: 'yes' }],
    ['substance', { used: false, substance: 'alcohol' }],
    ['substance', { used: true, substance: 'x'.repeat(61) }],
    ['substance', { used: true, substance: '  ' }],
    ['medication', { medication: 'sometimes' }],
    ['sleepHours', { sleepHours: 24.5 }],
    ['sleepHours', { sleepHours: -1 }],
    ['sleepHours', { sleepHours: 7.25 }],
    ['connection', { connection: 11 }],
    ['safetyConcern', { safetyConcern: 'no' }],
    ['note', { note: 'x'.repeat(1001) }],
  ];

  it.each(BAD)('refuses a wrong %s with 422 naming it, and stores nothing', async (field, change) => {
    const stored = () => t.db.query(`SELECT count(*)::int AS n FROM check_in WHERE client_id = $1`, [team.client.clientId]);
    const before = await stored();
    const res = await (await as('client')).post(path(), calmCheckIn(change)).expect(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    expect(await stored()).toEqual(before);
  });

  it('refuses an unknown field with 422 naming it', async () => {
    const res = await (await as('client')).post(path(), calmCheckIn({ colour: 'blue' })).expect(422);
    expect(res.body.errors[0].field).toBe('colour');
  });

  it('names every missing field at once', async () => {
    const res = await (await as('client')).post(path(), {}).expect(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['id', 'mood', 'craving', 'used', 'medication', 'sleepHours', 'connection', 'safetyConcern']);
  });

  it('stores a check-in once: a retry answers 200 with the same result, another body under the same id 409', async () => {
    const client = await as('client');
    const body = calmCheckIn({ used: true, substance: 'cannabis', sleepHours: 6.5, note: 'rough night' });
    const first = await client.post(path(), body).expect(201);
    expect(first.body.checkIn).toMatchObject({ id: body.id, mood: 4, used: true, substance: 'cannabis', sleepHours: 6.5, localDate: '2026-11-03', submittedBy: team.client.userId });
    expect(first.body.replayed).toBe(false);
    const again = await client.post(path(), body).expect(200);
    expect({ ...again.body, replayed: false }).toEqual(first.body);
    expect(again.body.alerts.map((a: { id: string }) => a.id)).toEqual(first.body.alerts.map((a: { id: string }) => a.id));
    const conflict = await client.post(path(), { ...body, mood: 1 }).expect(409);
    expect(conflict.body.errors[0].field).toBe('id');
    expect(await t.db.query(`SELECT mood FROM check_in WHERE id = $1`, [body.id])).toEqual([{ mood: 4 }]);
    expect(await t.db.query(`SELECT rule FROM risk_alert WHERE check_in_id = $1`, [body.id])).toEqual([{ rule: 'use_reported' }]);
  });

  it('two copies of the same check-in sent at once are stored once', async () => {
    const client = await as('client');
    const body = calmCheckIn();
    const answers = await Promise.all([client.post(path(), body), client.post(path(), body), client.post(path(), body)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 201]);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM check_in WHERE id = $1`, [body.id])).toEqual([{ n: 1 }]);
  });

  it('many submissions at once (stored together in shared statements) each get their own answer', async () => {
    const client = await as('client');
    const fresh = Array.from({ length: 20 }, () => calmCheckIn());
    const repeated = calmCheckIn();
    const sends = [
      ...fresh.map((body) => client.post(path(), body)),
      ...Array.from({ length: 5 }, () => client.post(path(), repeated)),
      client.post(path(), { ...repeated, mood: 1 }),
    ];
    const answers = await Promise.all(sends);
    expect(answers.slice(0, 20).map((a) => a.status)).toEqual(Array(20).fill(201));
    expect(answers.slice(0, 20).map((a) => (a.body as { checkIn: { id: string } }).checkIn.id)).toEqual(fresh.map((b) => b.id));
    // The repeated id: stored once. Whichever body came first is the check-in; the other body's copies get 409.
    const [stored] = await t.db.query<{ mood: number }[]>(`SELECT mood FROM check_in WHERE id = $1`, [repeated.id]);
    const same = (a: (typeof answers)[number], mood: number) => (stored.mood === mood ? [200, 201] : [409]).includes(a.status);
    expect(answers.slice(20, 25).every((a) => same(a, repeated.mood))).toBe(true);
    expect(same(answers[25], 1)).toBe(true);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(21);
    const ids = [...fresh.map((b) => b.id), repeated.id];
    expect(await t.db.query(`SELECT count(*)::int AS n FROM check_in WHERE id = ANY($1::uuid[])`, [ids])).toEqual([{ n: 21 }]);
  });

  it('each submission’s audit event commits with it, batched or not, and each alert stays with its own check-in', async () => {
    const client = await as('client');
    const bodies = Array.from({ length: 12 }, (_, i) => calmCheckIn(i % 3 === 0 ? { craving: 9 } : {}));
    const answers = await Promise.all(bodies.map((body) => client.post(path(), body)));
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(201));
    const ids = bodies.map((b) => b.id);
    const events = await t.db.query<{ subject_id: string; outcome: string; actor_user_id: string; client_id: string; request_id: string | null }[]>(
      `SELECT subject_id, outcome, actor_user_id, client_id, request_id FROM audit_event WHERE action = 'checkin.submit' AND subject_id = ANY($1::uuid[])`,
      [ids],
    );
    expect(events.map((e) => e.subject_id).sort()).toEqual([...ids].sort());
    expect(events.every((e) => e.outcome === 'allowed' && e.actor_user_id === team.client.userId && e.client_id === team.client.clientId && e.request_id)).toBe(true);
    const alerts = await t.db.query<{ id: string; check_in_id: string }[]>(`SELECT a.id, a.check_in_id FROM risk_alert a JOIN escalation e ON e.alert_id = a.id WHERE a.check_in_id = ANY($1::uuid[])`, [ids]);
    expect(alerts.map((a) => a.check_in_id).sort()).toEqual(ids.filter((_, i) => i % 3 === 0).sort());
    answers.forEach((answer, i) => {
      const own = alerts.filter((a) => a.check_in_id === ids[i]).map((a) => a.id);
      expect((answer.body as { alerts: { id: string }[] }).alerts.map((a) => a.id)).toEqual(own);
    });
    // A refusal is recorded at once, and nothing of the check-in is stored.
    const refused = calmCheckIn({ craving: 9 });
    await (await as('supervisor')).post(path(), refused).expect(403);
    expect(await t.db.query(`SELECT outcome FROM audit_event WHERE action = 'checkin.submit' AND subject_id = $1`, [refused.id])).toEqual([{ outcome: 'denied' }]);
    expect(await t.db.query(`SELECT id FROM check_in WHERE id = $1 UNION ALL SELECT id FROM risk_alert WHERE check_in_id = $1`, [refused.id])).toEqual([]);
  });

  it('a team member may enter a check-in on the client’s behalf (recorded as theirs); a supervisor may not', async () => {
    const res = await (await as('peerCoach')).post(path(), calmCheckIn()).expect(201);
    expect(res.body.checkIn.submittedBy).toBe(team.peerCoach.userId);
    await (await as('supervisor')).post(path(), calmCheckIn()).expect(403);
  });

  it('answers a safety concern with 988 and the programme crisis line in the same response', async () => {
    const admin = api(t, await tokenFor(t.app, t.db, team.admin));
    const rules = (await admin.get('/organization/risk-rules').expect(200)).body;
    expect(rules).toMatchObject({ cravingThreshold: 8, missedDaysAlert: 3, outreachAfterDays: 2, escalateAfterSeconds: 900, crisisLine: null });
    await admin.put('/organization/risk-rules', { ...rules, crisisLine: { name: 'Riverside crisis line', phone: '+15555550100' } }).expect(200);
    const res = await (await as('client')).post(path(), calmCheckIn({ safetyConcern: true })).expect(201);
    expect(res.body.crisisResources).toEqual([
      { name: '988 Suicide & Crisis Lifeline', phone: '988', text: '988', url: 'https://988lifeline.org' },
      { name: 'Riverside crisis line', phone: '+15555550100' },
    ]);
    expect(res.body.alerts).toEqual([{ id: expect.any(String), rule: 'safety_concern', severity: 'critical' }]);
    const calm = await (await as('client')).post(path(), calmCheckIn()).expect(201);
    expect(calm.body.crisisResources).toEqual([]);
  });

  it('refuses invalid risk rules naming the field, and from a non-admin', async () => {
    const admin = api(t, await tokenFor(t.app, t.db, team.admin));
    const rules = (await admin.get('/organization/risk-rules').expect(200)).body;
    const bad = await admin.put('/organization/risk-rules', { ...rules, cravingThreshold: 11 }).expect(400);
    expect(bad.body.errors[0].field).toBe('cravingThreshold');
    const badLine = await admin.put('/organization/risk-rules', { ...rules, crisisLine: { name: 'Line', phone: 'call us' } }).expect(400);
    expect(badLine.body.errors[0].field).toBe('crisisLine.phone');
    await (await as('peerCoach')).put('/organization/risk-rules', rules).expect(403);
    await (await as('client')).get('/organization/risk-rules').expect(403);
  });

  it('pages the history by time, newest first', async () => {
    const client = await as('client');
    const all = (await client.get(`${path()}?limit=100`).expect(200)).body;
    expect(all.nextBefore).toBeNull();
    const first = (await client.get(`${path()}?limit=2`).expect(200)).body;
    expect(first.items).toHaveLength(2);
    const times = all.items.map((c: { submittedAt: string }) => c.submittedAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(first.nextBefore).toEqual(expect.any(String));
    const next = (await client.get(`${path()}?limit=2&before=${encodeURIComponent(first.nextBefore)}`).expect(200)).body;
    expect(next.items.every((c: { submittedAt: string }) => c.submittedAt < first.nextBefore)).toBe(true);
    const bad = await client.get(`${path()}?limit=0`).expect(400);
    expect(bad.body.errors[0].field).toBe('limit');
  });
});

describe('check-in trends across the end of daylight saving time, in the client’s zone', () => {
  let t: TestApp;
  let team: Awaited<ReturnType<typeof createCareTeam>>;

  beforeAll(async () => {
    t = await startTestApp({ now: new Date('2026-10-31T12:00:00Z') });
    team = await createCareTeam(t.db, await createOrganization(t.db));
    await teamSince(t.db, team.client.clientId);
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  const checkInAt = async (instant: string, body: Record<string, unknown>) => {
    t.clock.set(new Date(instant));
    await api(t, await tokenFor(t.app, t.db, team.client)).post(`/clients/${team.client.clientId}/check-ins`, calmCheckIn(body)).expect(201);
  };

  it('groups by the Chicago day (CDT then CST), counts missed past days and risk hits', async () => {
    await checkInAt('2026-11-01T04:30:00Z', { mood: 2, craving: 9, sleepHours: 5, connection: 2 }); // Sat 31 Oct 23:30 CDT
    await checkInAt('2026-11-01T05:30:00Z', { mood: 3, craving: 4, sleepHours: 6, connection: 4 }); // Sun 1 Nov 00:30 CDT
    await checkInAt('2026-11-02T05:30:00Z', { mood: 4, craving: 1, sleepHours: 7.5, connection: 7 }); // Sun 1 Nov 23:30 CST (UTC says 2 Nov)
    await checkInAt('2026-11-02T06:30:00Z', { mood: 5, craving: 0, sleepHours: 8, connection: 9, used: true }); // Mon 2 Nov 00:30 CST
    t.clock.set(new Date('2026-11-03T18:00:00Z')); // Tue 3 Nov 12:00 CST
    const token = await tokenFor(t.app, t.db, team.clinician);
    const res = await api(t, token).get(`/clients/${team.client.clientId}/check-ins/trends?days=7`).expect(200);
    expect(res.body).toMatchObject({ days: 7, timeZone: 'America/Chicago', from: '2026-10-28', to: '2026-11-03' });
    const perDay = res.body.perDay as { date: string }[];
    const day = (date: string) => perDay.find((d) => d.date === date);
    expect(res.body.perDay.map((d: { date: string }) => d.date)).toEqual(['2026-10-28', '2026-10-29', '2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02', '2026-11-03']);
    expect(day('2026-10-31')).toEqual({ date: '2026-10-31', checkIns: 1, mood: 2, craving: 9, sleepHours: 5, connection: 2 });
    // (3 + 4) / 2, (4 + 1) / 2, (6 + 7.5) / 2, (4 + 7) / 2
    expect(day('2026-11-01')).toEqual({ date: '2026-11-01', checkIns: 2, mood: 3.5, craving: 2.5, sleepHours: 6.75, connection: 5.5 });
    expect(day('2026-11-02')).toEqual({ date: '2026-11-02', checkIns: 1, mood: 5, craving: 0, sleepHours: 8, connection: 9 });
    expect(day('2026-11-03')).toEqual({ date: '2026-11-03', checkIns: 0, mood: null, craving: null, sleepHours: null, connection: null });
    expect(res.body.missedDays).toEqual(['2026-10-28', '2026-10-29', '2026-10-30']); // today is not over
    expect(res.body.riskHits).toEqual({ craving_high: 1, use_reported: 1 });
    const month = await api(t, token).get(`/clients/${team.client.clientId}/check-ins/trends?days=30`).expect(200);
    expect(month.body.perDay).toHaveLength(30);
    expect(month.body.from).toBe('2026-10-05');
    const bad = await api(t, token).get(`/clients/${team.client.clientId}/check-ins/trends?days=14`).expect(400);
    expect(bad.body.errors[0].field).toBe('days');
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { DateTime } from '@attune/platform';
import { auditEventsAfter, createOrganization, createStaff, lastAuditEventId, tokenFor } from '@attune/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { api, LONG_TOKENS, MONDAY, schedulingWorld, type SchedulingWorld } from './support.js';

const WEEKDAYS = (start: string, end: string) => [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start, end }));

describe('availability and free slots', () => {
  let t: TestApp;
  let w: SchedulingWorld;
  beforeAll(async () => {
    t = await startTestApp({ worker: false, now: MONDAY, env: LONG_TOKENS });
    w = await schedulingWorld(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('sets working hours per weekday in the staff member\'s zone and days off; refuses bad hours naming the field', async () => {
    const res = await w.as.clinician.put(`/staff/${w.clinician.userId}/working-hours`, { hours: WEEKDAYS('09:00', '17:00') }).expect(200);
    expect(res.body).toMatchObject({ timeZone: 'America/Chicago', hours: WEEKDAYS('09:00', '17:00'), daysOff: [] });
    const bad = await w.as.clinician.put(`/staff/${w.clinician.userId}/working-hours`, { hours: [{ weekday: 1, start: '17:00', end: '09:00' }] }).expect(422);
    expect(bad.body.errors[0].field).toBe('hours.0.end');
    await w.as.clinician.put(`/staff/${w.clinician.userId}/working-hours`, { hours: [{ weekday: 8, start: '09:00', end: '10:00' }] }).expect(400);
    await w.as.clinician.put(`/staff/${w.clinician.userId}/working-hours`, { hours: [{ weekday: 1, start: '09:00', end: '12:00' }, { weekday: 1, start: '11:00', end: '13:00' }] }).expect(422);
    // The peer coach works in New York; the supervisor sets their hours.
    await w.as.supervisor.put(`/staff/${w.peerCoach.userId}/working-hours`, { hours: WEEKDAYS('08:00', '14:00') }).expect(200);
    const off = await w.as.clinician.put(`/staff/${w.clinician.userId}/days-off/2026-01-07`).expect(200);
    expect(off.body.daysOff).toEqual(['2026-01-07']);
    await w.as.clinician.put(`/staff/${w.clinician.userId}/days-off/tomorrow`).expect(422);
    // Nobody else's hours; another organisation's staff does not exist.
    await w.as.peerCoach.put(`/staff/${w.clinician.userId}/working-hours`, { hours: [] }).expect(403);
    const stranger = await createStaff(t.db, await createOrganization(t.db), 'admin');
    await api(t, await tokenFor(t.app, t.db, stranger)).get(`/staff/${w.clinician.userId}/availability`).expect(404);
  });

  it('returns the intersection of a clinician and a peer coach over 14 days, less visits with travel and days off', async () => {
    // Tuesday: the clinician's in-home visit 16:00–17:00Z with 30 minutes of travel each side.
    await w.as.clinician
      .post(`/clients/${w.client.clientId}/visits`, { kind: 'in_home', startsAt: '2026-01-06T16:00:00Z', durationMinutes: 60, travelBeforeMinutes: 30, travelAfterMinutes: 30, attendeeUserIds: [w.clinician.userId] })
      .expect(201);
    // Thursday: the client has a call with the case manager 15:00–15:30Z.
    await w.as.caseManager.post(`/clients/${w.client.clientId}/visits`, { kind: 'phone', startsAt: '2026-01-08T15:00:00Z', durationMinutes: 30, attendeeUserIds: [w.caseManager.userId] }).expect(201);
    await w.as.peerCoach.put(`/staff/${w.peerCoach.userId}/days-off/2026-01-12`).expect(200);

    const q = `staffUserIds=${w.clinician.userId},${w.peerCoach.userId}&days=14&durationMinutes=60`;
    const res = await w.as.clinician.get(`/clients/${w.client.clientId}/free-slots?${q}`).expect(200);
    const windows: { from: string; until: string; latestStart: string }[] = res.body.windows;
    const byDay = new Map<string, string[]>();
    for (const win of windows) {
      const day = win.from.slice(0, 10);
      byDay.set(day, [...(byDay.get(day) ?? []), `${win.from.slice(11, 16)}-${win.until.slice(11, 16)}`]);
    }
    // Both work 15:00–19:00Z (09–17 Chicago ∩ 08–14 New York) on weekdays.
    expect(byDay.get('2026-01-05')).toEqual(['15:00-19:00']);
    expect(byDay.get('2026-01-06')).toEqual(['17:30-19:00']); // 15:30–17:30 taken; 15:00–15:30 too short for 60 minutes
    expect(byDay.has('2026-01-07')).toBe(false); // the clinician's day off
    expect(byDay.get('2026-01-08')).toEqual(['15:30-19:00']); // the client is busy until 15:30
    expect(byDay.has('2026-01-10') || byDay.has('2026-01-11')).toBe(false); // weekend
    expect(byDay.has('2026-01-12')).toBe(false); // the peer coach's day off
    expect(byDay.get('2026-01-13')).toEqual(['15:00-19:00']);
    expect(byDay.get('2026-01-16')).toEqual(['15:00-19:00']);
    expect(new Date(res.body.until).getTime() - new Date(res.body.from).getTime()).toBe(14 * 86_400_000);
    for (const win of windows) expect(DateTime.fromISO(win.latestStart).toMillis()).toBe(DateTime.fromISO(win.until).toMillis() - 3_600_000);
    expect(res.body.withoutWorkingHours).toEqual([]);

    // The case manager has set no working hours: no windows, and the answer says who is missing them.
    const unset = await w.as.clinician.get(`/clients/${w.client.clientId}/free-slots?staffUserIds=${w.clinician.userId},${w.caseManager.userId}&durationMinutes=60`).expect(200);
    expect(unset.body).toMatchObject({ windows: [], withoutWorkingHours: [w.caseManager.userId] });
  });

  it('answers free slots in at most three SQL queries', async () => {
    const statements: string[] = [];
    const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
    const original = proto.query;
    proto.query = function (this: unknown, ...args: unknown[]) {
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text;
      if (text && !/^(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)/i.test(text.trim())) statements.push(text);
      return original.apply(this, args);
    };
    try {
      await w.as.clinician.get(`/clients/${w.client.clientId}/free-slots?staffUserIds=${w.clinician.userId},${w.peerCoach.userId}&days=14&durationMinutes=60`).expect(200);
    } finally {
      proto.query = original;
    }
    const queries = statements.filter((q) => !q.includes('auth_session'));
    expect(statements.length - queries.length).toBe(1); // the guard's session check
    // The policy's facts, its audit event and the one query that gathers every schedule.
    expect(queries).toHaveLength(3);
  });

  it('refuses staff not on the team and missing parameters, naming the field', async () => {
    const outsider = await createStaff(t.db, w.org, 'clinician');
    const res = await w.as.clinician.get(`/clients/${w.client.clientId}/free-slots?staffUserIds=${w.clinician.userId},${outsider.userId}&durationMinutes=60`).expect(422);
    expect(res.body.errors[0].field).toBe('staffUserIds.1');
    const missing = await w.as.clinician.get(`/clients/${w.client.clientId}/free-slots?staffUserIds=${w.clinician.userId}`).expect(400);
    expect(JSON.stringify(missing.body)).toContain('durationMinutes');
    await w.as.client.get(`/clients/${w.client.clientId}/free-slots?staffUserIds=${w.clinician.userId}&durationMinutes=30`).expect(403);
  });
});

describe('the schedule across clients', () => {
  let t: TestApp;
  let w: SchedulingWorld;
  beforeAll(async () => {
    t = await startTestApp({ worker: false, now: MONDAY, env: LONG_TOKENS });
    w = await schedulingWorld(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows staff the visits they attend and a supervisor the organisation\'s week, audited per client', async () => {
    const base = `/clients/${w.client.clientId}/visits`;
    const mine = (await w.as.clinician.post(base, { kind: 'video', startsAt: '2026-01-06T15:00:00Z', durationMinutes: 30 }).expect(201)).body.visits[0];
    const peers = (await w.as.peerCoach.post(base, { kind: 'phone', startsAt: '2026-01-07T15:00:00Z', durationMinutes: 30 }).expect(201)).body.visits[0];
    const later = (await w.as.peerCoach.post(base, { kind: 'phone', startsAt: '2026-01-20T15:00:00Z', durationMinutes: 30 }).expect(201)).body.visits[0];
    const ids = (res: { body: { id: string }[] }) => res.body.map((v) => v.id);

    expect(ids(await w.as.clinician.get('/schedule').expect(200))).toEqual([mine.id]);
    expect(ids(await w.as.peerCoach.get('/schedule').expect(200))).toEqual([peers.id]);
    const before = await lastAuditEventId(t.db);
    expect(ids(await w.as.supervisor.get('/schedule').expect(200))).toEqual([mine.id, peers.id]);
    expect((await auditEventsAfter(t.db, before)).filter((e) => e.action === 'visit.schedule_read').map((e) => [e.client_id, e.basis])).toEqual([[w.client.clientId, 'supervisor']]);
    expect(ids(await w.as.supervisor.get(`/schedule?staffUserId=${w.peerCoach.userId}&from=2026-01-05T00:00:00Z&to=2026-01-31T00:00:00Z`).expect(200))).toEqual([peers.id, later.id]);
    await w.as.supervisor.get('/schedule?from=2026-01-05T00:00:00Z&to=2026-03-05T00:00:00Z').expect(422);
    await w.as.client.get('/schedule').expect(403);
  });
});

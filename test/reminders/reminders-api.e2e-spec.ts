import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ReminderReconciler } from '@attune/reminders';
import { createCareTeam, createOrganization, tokenFor, type ClientRecord, type Person } from '@attune/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { api } from './support/http.js';
import { newVisitId, publishVisit, remindersOf } from './support/reminders.js';

/** The reminder routes: plans become rows at the right instants; bad input names the field and writes nothing. */
describe('reminder plans over HTTP', () => {
  let t: TestApp;
  let client: ClientRecord;
  let clinician: Person;
  let admin: Person;
  let asClient: ReturnType<typeof api>;
  let asClinician: ReturnType<typeof api>;
  let asAdmin: ReturnType<typeof api>;

  const promptRows = async () =>
    t.db.query<{ slot: string; due_at: Date; version: number; status: string }[]>(
      `SELECT slot, due_at, version, status FROM reminder WHERE kind = 'check_in' AND subject_id = $1 ORDER BY slot`,
      [client.clientId],
    );

  beforeAll(async () => {
    // Friday 2027-03-12, 12:00 in New York: the clocks spring forward on Sunday the 14th. (After the real now:
    // the factories start care-team memberships a day before the real time.)
    t = await startTestApp({ now: new Date('2027-03-12T17:00:00Z'), env: { REMINDER_RECONCILE_INTERVAL_MS: '3600000', REMINDER_PLAN_DAYS: '5' } });
    const org = await createOrganization(t.db);
    const team = await createCareTeam(t.db, org);
    client = team.client;
    clinician = team.clinician;
    admin = team.admin;
    await t.db.query(`UPDATE user_account SET time_zone = 'America/New_York' WHERE id = $1`, [client.userId]);
    asClient = api(t, await tokenFor(t.app, t.db, client));
    asClinician = api(t, await tokenFor(t.app, t.db, clinician));
    asAdmin = api(t, await tokenFor(t.app, t.db, admin));
    // tokenFor opens sessions for a day of real time; this test's clock is months ahead of it.
    await t.db.query(`UPDATE auth_session SET expires_at = $1`, [new Date('2027-04-01T00:00:00Z')]);
  });
  afterAll(async () => {
    await t.close();
  });

  it('plans the daily check-in prompt at 09:00 New York time on each day, across the spring-forward', async () => {
    const res = await asClient.put(`/clients/${client.clientId}/check-in-prompt`, { localTime: '09:00' }).expect(200);
    expect(res.body).toMatchObject({ clientId: client.clientId, localTime: '09:00', timeZone: 'America/New_York', active: true });
    // Today's 09:00 has passed: from tomorrow, five days ahead (REMINDER_PLAN_DAYS=5 counts today).
    expect((await promptRows()).map((r) => [r.slot, r.due_at.toISOString()])).toEqual([
      ['2027-03-13', '2027-03-13T14:00:00.000Z'], // EST
      ['2027-03-14', '2027-03-14T13:00:00.000Z'], // EDT from 02:00 that day
      ['2027-03-15', '2027-03-15T13:00:00.000Z'],
      ['2027-03-16', '2027-03-16T13:00:00.000Z'],
    ]);
  });

  it('moves the prompts to a new time (same rows, new versions); 02:30 on the spring-forward day is 03:30', async () => {
    await asClinician.put(`/clients/${client.clientId}/check-in-prompt`, { localTime: '02:30' }).expect(200);
    expect((await promptRows()).map((r) => [r.slot, r.due_at.toISOString(), r.version])).toEqual([
      ['2027-03-13', '2027-03-13T07:30:00.000Z', 2],
      ['2027-03-14', '2027-03-14T07:30:00.000Z', 2], // 03:30 EDT: 02:30 does not exist that morning
      ['2027-03-15', '2027-03-15T06:30:00.000Z', 2],
      ['2027-03-16', '2027-03-16T06:30:00.000Z', 2],
    ]);
  });

  it('refuses a malformed prompt time with a problem naming the field, and writes nothing', async () => {
    const before = await promptRows();
    const res = await asClient.put(`/clients/${client.clientId}/check-in-prompt`, { localTime: '9am' }).expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'localTime' })]);
    await asClient.put(`/clients/${client.clientId}/check-in-prompt`, { localTime: '09:00', extra: 1 }).expect(400);
    expect(await promptRows()).toEqual(before);
  });

  it('plans a monthly injectable 7 days and 1 day before, at the local time, naming no medication', async () => {
    const res = await asClinician
      .post(`/clients/${client.clientId}/medication-plans`, { cadence: 'monthly', firstDate: '2027-03-21', localTime: '10:00', advanceDays: [1, 7] })
      .expect(201);
    expect(res.body).toMatchObject({ cadence: 'monthly', advanceDays: [7, 1], active: true });
    // Today is 2027-03-12 in New York, five days planned (to 03-16): the 7-day notice (03-14, 10:00 EDT); the 1-day one is later.
    expect(res.body.upcoming).toEqual(['2027-03-14T14:00:00.000Z']);
    const list = await asClient.get(`/clients/${client.clientId}/medication-plans`).expect(200);
    expect(list.body).toHaveLength(1);
    const stopped = await asClinician.post(`/clients/${client.clientId}/medication-plans/${res.body.id}/stop`).expect(200);
    expect(stopped.body).toMatchObject({ active: false, upcoming: [] });
  });

  it('refuses bad medication plans, naming the field', async () => {
    const bad = async (body: object, field: string) => {
      const res = await asClinician.post(`/clients/${client.clientId}/medication-plans`, body);
      expect({ status: res.status, fields: (res.body.errors ?? []).map((e: { field: string }) => e.field) }).toEqual({
        status: res.status === 422 ? 422 : 400,
        fields: expect.arrayContaining([field]),
      });
    };
    const good = { cadence: 'weekly', firstDate: '2026-03-15', localTime: '10:00', advanceDays: [0] };
    await bad({ ...good, cadence: 'hourly' }, 'cadence');
    await bad({ ...good, cadence: 'every_n_weeks' }, 'intervalWeeks');
    await bad({ ...good, firstDate: '15/03/2026' }, 'firstDate');
    await bad({ ...good, advanceDays: [-1] }, 'advanceDays');
    const [{ count }] = await t.db.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM medication_plan WHERE active`);
    expect(count).toBe(0);
  });

  it('lets each person set their own channels, opt-outs and quiet hours', async () => {
    const res = await asClient
      .put('/me/notification-preferences', { kinds: [{ kind: 'check_in', channels: ['in_app'] }], quietHours: { starts: '22:00', ends: '07:00' } })
      .expect(200);
    expect(res.body).toEqual({ kinds: [{ kind: 'check_in', channels: ['in_app'], optedOut: false }], quietHours: { starts: '22:00', ends: '07:00' } });
    expect((await asClinician.get('/me/notification-preferences').expect(200)).body).toEqual({ kinds: [], quietHours: null });
    const bad = await asClient.put('/me/notification-preferences', { kinds: [{ kind: 'check_in', channels: ['pigeon'] }] }).expect(400);
    expect(bad.body.errors[0].field).toMatch(/^kinds\.0\.channels/);
  });

  it('uses the organisation’s visit offsets, which only admins set', async () => {
    await asClinician.put('/organization/reminder-settings', { visitOffsetsSeconds: [7200] }).expect(403);
    const bad = await asAdmin.put('/organization/reminder-settings', { visitOffsetsSeconds: [10] }).expect(400);
    expect(bad.body.errors[0].field).toMatch(/^visitOffsetsSeconds/);
    expect((await asAdmin.put('/organization/reminder-settings', { visitOffsetsSeconds: [600, 7200] }).expect(200)).body).toEqual({ visitOffsetsSeconds: [7200, 600] });
    expect((await asClinician.get('/organization/reminder-settings').expect(200)).body).toEqual({ visitOffsetsSeconds: [7200, 600] });
    const visitId = newVisitId();
    const startsAt = new Date(t.clock.now().getTime() + 5 * 3600_000);
    await publishVisit(t, 'visit.scheduled', { organizationId: client.organizationId, clientId: client.clientId, visitId, startsAt: startsAt.toISOString(), durationMinutes: 60, kind: 'video' });
    expect((await remindersOf(t, visitId)).map((r) => r.slot).sort()).toEqual(['600', '7200']);
  });

  // Last: moving the clock two days expires the test's sessions.
  it('extends the rolling horizon as the days pass (the reconciler)', async () => {
    t.clock.advance(2 * 86400);
    await t.app.get(ReminderReconciler).reconcile();
    expect((await promptRows()).map((r) => r.slot).slice(-2)).toEqual(['2027-03-17', '2027-03-18']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { REMINDER_QUEUE, reminderJobId } from '@attune/reminders';
import { JobQueue } from '@attune/platform';
import { createCareTeam, createOrganization, tokenFor, type ClientRecord } from '@attune/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { api, type Api } from './support/http.js';
import { remindersOf } from './support/reminders.js';

/** A client who moves zone keeps their prompts and medication reminders at the same local times. */
describe('a client’s time zone change', () => {
  let t: TestApp;
  let client: ClientRecord;
  let asClinician: Api;
  let medicationPlanId: string;

  const rowsOf = async (subjectId: string) =>
    (await remindersOf(t, subjectId)).sort((a, b) => a.slot.localeCompare(b.slot)).map((r) => ({ id: r.id, slot: r.slot, due: r.due_at.toISOString(), version: r.version, status: r.status }));
  const jobVersions = async (rows: { id: string; version: number }[], version: (row: { version: number }) => number) => {
    const queue = t.app.get(JobQueue).queue(REMINDER_QUEUE);
    return Promise.all(rows.map(async (row): Promise<unknown> => ((await queue.getJob(reminderJobId(row.id, version(row))))?.data as unknown) ?? null));
  };

  beforeAll(async () => {
    // Wednesday 2027-05-12, 13:00 in New York (10:00 in Los Angeles): no DST change within the horizon. Every
    // planned row is within the job horizon, so each has its job from the start.
    t = await startTestApp({
      now: new Date('2027-05-12T17:00:00Z'),
      env: { REMINDER_RECONCILE_INTERVAL_MS: '3600000', REMINDER_PLAN_DAYS: '5', REMINDER_HORIZON_SECONDS: String(7 * 86400) },
    });
    const org = await createOrganization(t.db);
    const team = await createCareTeam(t.db, org);
    client = team.client;
    await t.db.query(`UPDATE user_account SET time_zone = 'America/New_York' WHERE id = $1`, [client.userId]);
    asClinician = api(t, await tokenFor(t.app, t.db, team.clinician));
    // tokenFor opens sessions for a day of real time; this test's clock is months ahead of it.
    await t.db.query(`UPDATE auth_session SET expires_at = $1`, [new Date('2027-06-01T00:00:00Z')]);

    await asClinician.put(`/clients/${client.clientId}/check-in-prompt`, { localTime: '09:00' }).expect(200);
    const plan = await asClinician
      .post(`/clients/${client.clientId}/medication-plans`, { cadence: 'weekly', firstDate: '2027-05-14', localTime: '10:00', advanceDays: [1, 0] })
      .expect(201);
    medicationPlanId = plan.body.id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('re-plans the pending prompts and medication reminders at the same local times in the new zone; sent ones stay', async () => {
    const prompts = await rowsOf(client.clientId);
    expect(prompts.map((r) => [r.slot, r.due, r.version])).toEqual([
      ['2027-05-13', '2027-05-13T13:00:00.000Z', 1], // 09:00 EDT
      ['2027-05-14', '2027-05-14T13:00:00.000Z', 1],
      ['2027-05-15', '2027-05-15T13:00:00.000Z', 1],
      ['2027-05-16', '2027-05-16T13:00:00.000Z', 1],
    ]);
    const medication = await rowsOf(medicationPlanId);
    expect(medication.map((r) => [r.slot, r.due, r.version])).toEqual([
      ['2027-05-14-0d', '2027-05-14T14:00:00.000Z', 1], // 10:00 EDT on the day
      ['2027-05-14-1d', '2027-05-13T14:00:00.000Z', 1], // and the day before
    ]);
    expect((await jobVersions([...prompts, ...medication], () => 1)).every((data) => data !== null)).toBe(true);
    // The first prompt has gone out already: it is history.
    await t.db.query(`UPDATE reminder SET status = 'sent' WHERE id = $1`, [prompts[0].id]);

    const res = await asClinician.patch(`/clients/${client.clientId}`, { timeZone: 'America/Los_Angeles' }).expect(200);
    expect(res.body.timeZone).toBe('America/Los_Angeles');

    const moved = await rowsOf(client.clientId);
    expect(moved.map((r) => [r.slot, r.due, r.version, r.status])).toEqual([
      ['2027-05-13', '2027-05-13T13:00:00.000Z', 1, 'sent'],
      ['2027-05-14', '2027-05-14T16:00:00.000Z', 2, 'scheduled'], // 09:00 PDT
      ['2027-05-15', '2027-05-15T16:00:00.000Z', 2, 'scheduled'],
      ['2027-05-16', '2027-05-16T16:00:00.000Z', 2, 'scheduled'],
    ]);
    expect(moved.map((r) => r.id)).toEqual(prompts.map((r) => r.id)); // the same rows, moved
    const movedMedication = await rowsOf(medicationPlanId);
    expect(movedMedication.map((r) => [r.slot, r.due, r.version, r.status])).toEqual([
      ['2027-05-14-0d', '2027-05-14T17:00:00.000Z', 2, 'scheduled'], // 10:00 PDT
      ['2027-05-14-1d', '2027-05-13T17:00:00.000Z', 2, 'scheduled'],
    ]);

    const pending = [...moved.slice(1), ...movedMedication];
    // The old jobs are gone; each pending row has a job for its new version (ids only).
    expect(await jobVersions(pending, () => 1)).toEqual(pending.map(() => null));
    expect(await jobVersions(pending, (row) => row.version)).toEqual(pending.map((row) => ({ reminderId: row.id, version: row.version })));
    const [{ enqueued }] = await t.db.query<{ enqueued: number }[]>(
      `SELECT count(*)::int AS enqueued FROM reminder WHERE id = ANY($1::uuid[]) AND enqueued_version = version`,
      [pending.map((r) => r.id)],
    );
    expect(enqueued).toBe(pending.length);

    const view = await asClinician.get(`/clients/${client.clientId}/check-in-prompt`).expect(200);
    expect(view.body).toMatchObject({ localTime: '09:00', timeZone: 'America/Los_Angeles' });
  });

  it('re-plans nothing when a change leaves the zone as it is', async () => {
    expect((await asClinician.get(`/clients/${client.clientId}`).expect(200)).body.timeZone).toBe('America/Los_Angeles');
    const before = [await rowsOf(client.clientId), await rowsOf(medicationPlanId)];
    await asClinician.patch(`/clients/${client.clientId}`, { connectivity: 'mobile_data' }).expect(200);
    await asClinician.patch(`/clients/${client.clientId}`, { timeZone: 'America/Los_Angeles', preferredName: 'Sam' }).expect(200);
    expect([await rowsOf(client.clientId), await rowsOf(medicationPlanId)]).toEqual(before);
  });
});

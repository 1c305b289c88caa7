import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addToTeam, createCareTeam, createClient, createOrganization, tokenFor, type ClientRecord, type Person } from '@attune/testing';
import { MeasureSchedules } from '@attune/curriculum';
import { api, type Api } from '../reminders/support/http.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The schedule of outcome measures (intake, every 90 days, discharge), its reminders through
 * DueDateReminders and a submission completing it; trends with reliable change computed by hand.
 */
const PHQ9 = (items: number[]) => Object.fromEntries(items.map((v, i) => [String(i + 1), v]));
const ECR_REVERSED = [9, 11, 20, 22, 26, 27, 28, 29, 30, 31, 33, 34, 35, 36];
/** Every item recodes to `value` (reversed items answered 8 − value), so anxiety = avoidance = value. */
const ecr = (value: number) => Object.fromEntries(Array.from({ length: 36 }, (_, i) => [String(i + 1), ECR_REVERSED.includes(i + 1) ? 8 - value : value]));

describe('measure schedules and trends', () => {
  let t: TestApp;
  let early: ClientRecord; // started 5 January
  let recent: ClientRecord; // started 15 April
  const as = {} as Record<'clinician' | 'peerCoach' | 'admin' | 'early' | 'recent', Api>;
  let people: Record<keyof typeof as, Person>;
  const at = async (iso: string) => {
    t.clock.set(new Date(iso));
    for (const [name, person] of Object.entries(people)) as[name as keyof typeof as] = api(t, await tokenFor(t.app, t.db, person));
  };
  const reminders = (clientId: string) =>
    t.db.query<{ subject_id: string; recipient_user_id: string; due_at: Date; status: string; status_reason: string | null }[]>(
      `SELECT subject_id, recipient_user_id, due_at, status, status_reason FROM reminder WHERE kind = 'measure' AND client_id = $1 ORDER BY due_at`,
      [clientId],
    );

  beforeAll(async () => {
    t = await startTestApp({ worker: false, now: new Date('2026-04-20T15:00:00Z') });
    const org = await createOrganization(t.db);
    const team = await createCareTeam(t.db, org);
    early = team.client;
    recent = await createClient(t.db, org);
    await t.db.query(`UPDATE client SET programme_start_date = '2026-04-15' WHERE id = $1`, [recent.clientId]);
    for (const [staff, role] of [[team.clinician, 'clinician'], [team.peerCoach, 'peer_coach']] as const) await addToTeam(t.db, recent, staff, role);
    await t.db.query(`UPDATE care_team_membership SET starts_at = '2026-01-01' WHERE organization_id = $1`, [org.id]);
    people = { clinician: team.clinician, peerCoach: team.peerCoach, admin: team.admin, early, recent };
    await at('2026-04-20T15:00:00Z');
  });
  afterAll(async () => {
    await t.close();
  });

  it('is an organisation setting: staff read it, an admin changes it, unknown instruments are refused by index', async () => {
    expect((await as.clinician.get('/measures/schedule-settings').expect(200)).body).toEqual({ instruments: ['ECR-R', 'RFQ-8', 'SPS', 'PHQ-9', 'GAD-7', 'BAM'], atIntake: true, intervalDays: 90, atDischarge: true });
    const settings = { instruments: ['PHQ-9', 'GAD-7'], atIntake: true, intervalDays: 90, atDischarge: true };
    await as.clinician.put('/measures/schedule-settings', settings).expect(403);
    const bad = await as.admin.put('/measures/schedule-settings', { ...settings, instruments: ['PHQ-9', 'XYZ'] }).expect(422);
    expect(bad.body.errors[0].field).toBe('instruments.1');
    expect((await as.admin.put('/measures/schedule-settings', settings).expect(200)).body).toEqual(settings);
    await as.early.get('/measures/schedule-settings').expect(403);
  });

  it('derives intake and every-90-day administrations; overdue ones are for the team, not reminders', async () => {
    const schedule = (await as.clinician.get(`/clients/${early.clientId}/measures/schedule`).expect(200)).body;
    expect(schedule.map((a: { occasion: string; dueDate: string; status: string }) => [a.occasion, a.dueDate, a.status])).toEqual([
      ['intake', '2026-01-05', 'overdue'],
      ['day-90', '2026-04-05', 'overdue'], // 20 April is past 5 April + 7 days
      ['day-180', '2026-07-04', 'upcoming'],
    ]);
    const planned = await reminders(early.clientId);
    expect(planned).toEqual([{ subject_id: schedule[2].id, recipient_user_id: early.userId, due_at: new Date('2026-07-04T14:00:00Z'), status: 'scheduled', status_reason: null }]); // 09:00 in Chicago (CDT)

    const overdue = (await as.clinician.get('/measures/overdue').expect(200)).body;
    expect(overdue.map((a: { clientId: string; occasion: string; daysOverdue: number }) => [a.clientId, a.occasion, a.daysOverdue])).toEqual([
      [early.clientId, 'intake', 105],
      [early.clientId, 'day-90', 15],
    ]);
    await as.early.get('/measures/overdue').expect(403);
  });

  it('reminds the client of a due administration; the submitted responses complete it and cancel the reminder', async () => {
    let schedule = (await as.recent.get(`/clients/${recent.clientId}/measures/schedule`).expect(200)).body;
    expect(schedule.map((a: { occasion: string; status: string }) => [a.occasion, a.status])).toEqual([['intake', 'due'], ['day-90', 'upcoming']]);
    let planned = await reminders(recent.clientId);
    expect(planned.map((r) => [r.subject_id, r.due_at.toISOString(), r.status])).toEqual([
      [schedule[0].id, '2026-04-20T15:00:00.000Z', 'scheduled'], // 09:00 on the due date has passed: now
      [schedule[1].id, '2026-07-14T14:00:00.000Z', 'scheduled'],
    ]);
    await as.recent.post(`/clients/${recent.clientId}/measures`, { instrument: 'PHQ-9', answers: PHQ9([3, 3, 3, 3, 3, 0, 0, 0, 0]) }).expect(201);
    expect((await as.recent.get(`/clients/${recent.clientId}/measures/schedule`).expect(200)).body[0].status).toBe('due'); // GAD-7 still missing
    await as.recent.post(`/clients/${recent.clientId}/measures`, { instrument: 'GAD-7', answers: PHQ9([3, 3, 3, 1, 0, 0, 0]) }).expect(201);
    schedule = (await as.recent.get(`/clients/${recent.clientId}/measures/schedule`).expect(200)).body;
    expect(schedule.map((a: { status: string }) => a.status)).toEqual(['completed', 'upcoming']);
    planned = await reminders(recent.clientId);
    expect(planned.map((r) => [r.status, r.status_reason])).toEqual([['cancelled', 'subject_completed'], ['scheduled', null]]);
  });

  it('adds a discharge administration on the day the client is discharged, without anyone looking', async () => {
    await as.clinician.patch(`/clients/${early.clientId}`, { status: 'discharged' }).expect(200);
    const written = await t.db.query<{ occasion: string; due_date: string }[]>(
      `SELECT occasion, to_char(due_date, 'YYYY-MM-DD') AS due_date FROM measure_administration WHERE client_id = $1 AND occasion = 'discharge'`,
      [early.clientId],
    );
    expect(written).toEqual([{ occasion: 'discharge', due_date: '2026-04-20' }]);
    const schedule = (await as.clinician.get(`/clients/${early.clientId}/measures/schedule`).expect(200)).body;
    expect(schedule.map((a: { occasion: string; dueDate: string }) => `${a.occasion} ${a.dueDate}`)).toEqual(['intake 2026-01-05', 'day-90 2026-04-05', 'discharge 2026-04-20', 'day-180 2026-07-04']);
  });

  it("the worker's hourly sweep writes what has fallen due for every organisation, once", async () => {
    const fresh = await createClient(t.db, await createOrganization(t.db));
    const rows = () => t.db.query<{ occasion: string }[]>(`SELECT occasion FROM measure_administration WHERE client_id = $1 ORDER BY due_date`, [fresh.clientId]);
    expect(await rows()).toEqual([]);
    await t.app.get(MeasureSchedules).syncAll();
    await t.app.get(MeasureSchedules).syncAll();
    const occasions = (await rows()).map((r) => r.occasion);
    expect(occasions[0]).toBe('intake');
    expect(new Set(occasions).size).toBe(occasions.length); // a second sweep wrote nothing again
  });

  it('trends: series, change since intake, reliable change for PHQ-9 and GAD-7 totals (by hand), plain change otherwise', async () => {
    await at('2026-07-10T15:00:00Z'); // day-90 (14 July) window opened 30 June
    await as.recent.post(`/clients/${recent.clientId}/measures`, { instrument: 'PHQ-9', answers: PHQ9([2, 2, 2, 2, 0, 0, 0, 0, 0]) }).expect(201);
    await as.recent.post(`/clients/${recent.clientId}/measures`, { instrument: 'GAD-7', answers: PHQ9([3, 3, 1, 0, 0, 0, 0]) }).expect(201);
    const schedule = (await as.clinician.get(`/clients/${recent.clientId}/measures/schedule`).expect(200)).body;
    expect(schedule.map((a: { status: string }) => a.status)).toEqual(['completed', 'completed']); // day-180 is written once it is within 90 days

    const phq = (await as.clinician.get(`/clients/${recent.clientId}/measures/trends?instrument=PHQ-9`).expect(200)).body;
    expect(phq.responses).toBe(2);
    // 15 → 8: change −7; S_diff = 6 / 1.96 = 3.0612; RCI = −7 / 3.0612 = −2.29: reliable improvement.
    expect(phq.scores.total).toMatchObject({ intake: 15, latest: 8, change: -7, changeKind: 'reliable-change-index' });
    expect(phq.scores.total.series.map((s: { value: number }) => s.value)).toEqual([15, 8]);
    expect(phq.scores.total.reliableChange).toMatchObject({ method: 'jacobson-truax', rci: -2.29, reliable: true, direction: 'improved' });
    const gad = (await as.clinician.get(`/clients/${recent.clientId}/measures/trends?instrument=GAD-7`).expect(200)).body;
    // 10 → 7: change −3; S_diff = 4 / 1.96 = 2.0408; RCI = −1.47: not reliable.
    expect(gad.scores.total).toMatchObject({ intake: 10, latest: 7, change: -3 });
    expect(gad.scores.total.reliableChange).toMatchObject({ rci: -1.47, reliable: false, direction: 'no reliable change' });
    const bad = await as.clinician.get(`/clients/${recent.clientId}/measures/trends?instrument=XYZ`).expect(422);
    expect(bad.body.errors[0].field).toBe('instrument');
  });

  it('shows who moved toward secure attachment (ECR-R anxiety and avoidance both down); the peer coach sees no ECR-R', async () => {
    await as.recent.post(`/clients/${recent.clientId}/measures`, { instrument: 'ECR-R', answers: ecr(4) }).expect(201);
    await at('2026-08-10T15:00:00Z');
    await as.recent.post(`/clients/${recent.clientId}/measures`, { instrument: 'ECR-R', answers: ecr(2) }).expect(201);
    const trend = (await as.clinician.get(`/clients/${recent.clientId}/measures/trends?instrument=ECR-R`).expect(200)).body;
    expect(trend.scores.anxiety).toMatchObject({ intake: 4, latest: 2, change: -2, reliableChange: null, changeKind: 'plain change' });
    expect(trend.scores.avoidance).toMatchObject({ intake: 4, latest: 2, change: -2, reliableChange: null });

    const movement = (await as.clinician.get('/caseload/attachment-movement').expect(200)).body;
    expect(movement).toEqual([
      { clientId: recent.clientId, responses: 2, intake: { anxiety: 4, avoidance: 4, at: '2026-07-10T15:00:00.000Z' }, latest: { anxiety: 2, avoidance: 2, at: '2026-08-10T15:00:00.000Z' }, towardSecure: true },
    ]);
    expect((await as.peerCoach.get('/caseload/attachment-movement').expect(200)).body).toEqual([]);
    await as.peerCoach.get(`/clients/${recent.clientId}/measures/trends?instrument=ECR-R`).expect(403);
    await as.peerCoach.get(`/clients/${recent.clientId}/measures/trends?instrument=SPS`).expect(200);
  });
});

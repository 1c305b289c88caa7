import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CheckInResult } from '@attune/checkins';
import { Escalations, escalationJobId } from '@attune/reminders';
import { JobQueue, Jobs, Rooms } from '@attune/platform';
import { createCareTeam, createClient, createOrganization, createStaff, tokenFor } from '@attune/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { api } from '../reminders/support/http.js';
import { waitUntil } from '../reminders/support/reminders.js';
import { calmCheckIn } from './support/check-ins.js';
import { RoomListener, type Listener } from '../support/room-listener.js';

/** Each rule at its boundary, the alert in the care-team room only, acknowledgement and escalation. */
describe('risk rules and alerts', () => {
  let t: TestApp;
  let team: Awaited<ReturnType<typeof createCareTeam>>;
  let rooms: RoomListener;
  let careTeamRoom: Listener;
  let clientRoom: Listener;
  let otherRooms: Listener;
  const path = (p = '') => `/clients/${team.client.clientId}${p}`;
  const as = async (who: 'client' | 'clinician' | 'peerCoach' | 'admin') => api(t, await tokenFor(t.app, t.db, team[who]));
  const submit = async (body: Record<string, unknown>): Promise<CheckInResult> => (await (await as('client')).post(path('/check-ins'), calmCheckIn(body)).expect(201)).body as CheckInResult;
  const rulesOf = (result: { alerts: { rule: string; severity: string }[] }) => result.alerts.map((a) => `${a.rule}:${a.severity}`);

  beforeAll(async () => {
    t = await startTestApp({ env: { REMINDER_RECONCILE_INTERVAL_MS: '3600000' } });
    const org = await createOrganization(t.db);
    team = await createCareTeam(t.db, org);
    const other = await createClient(t.db, org);
    rooms = await RoomListener.start(t);
    careTeamRoom = await rooms.join([Rooms.careTeam(team.client.clientId)]);
    clientRoom = await rooms.join([Rooms.client(team.client.clientId), Rooms.user(team.client.userId)]);
    otherRooms = await rooms.join([Rooms.careTeam(other.clientId), Rooms.client(other.clientId), Rooms.user(team.clinician.userId)]);
  }, 120_000);
  afterAll(async () => {
    await rooms.close();
    await t.close();
  });

  it('craving 7 raises nothing, craving 8 raises craving_high (warning)', async () => {
    expect(rulesOf(await submit({ craving: 7 }))).toEqual([]);
    expect(rulesOf(await submit({ craving: 8 }))).toEqual(['craving_high:warning']);
  });

  it('use reported raises use_reported (warning); not using raises nothing', async () => {
    expect(rulesOf(await submit({ used: false }))).toEqual([]);
    expect(rulesOf(await submit({ used: true, substance: 'alcohol' }))).toEqual(['use_reported:warning']);
  });

  it('a safety concern raises safety_concern (critical), with crisis resources', async () => {
    const result = await submit({ safetyConcern: true, craving: 9 });
    expect(rulesOf(result)).toEqual(['safety_concern:critical', 'craving_high:warning']);
    expect(result.crisisResources[0]).toMatchObject({ name: '988 Suicide & Crisis Lifeline', phone: '988', text: '988' });
  });

  it('follows the organisation’s rules: threshold 6 fires at 6 and not at 5; use and safety not alerted when switched off; its own delay', async () => {
    const admin = await as('admin');
    const rules = (await admin.get('/organization/risk-rules').expect(200)).body;
    await admin.put('/organization/risk-rules', { ...rules, cravingThreshold: 6, useReported: false, safetyConcern: false, escalateAfterSeconds: 600 }).expect(200);
    try {
      expect(rulesOf(await submit({ craving: 5, used: true }))).toEqual([]);
      // No alert, but the client still sees where to get help now.
      const unsafe = await submit({ craving: 5, safetyConcern: true });
      expect(rulesOf(unsafe)).toEqual([]);
      expect(unsafe.crisisResources[0]).toMatchObject({ phone: '988' });
      const high = await submit({ craving: 6 });
      expect(rulesOf(high)).toEqual(['craving_high:warning']);
      const [escalation] = await t.db.query<{ due_at: Date }[]>(`SELECT due_at FROM escalation WHERE alert_id = $1`, [high.alerts[0].id]);
      expect(escalation.due_at.getTime() - t.clock.now().getTime()).toBe(600_000);
    } finally {
      await admin.put('/organization/risk-rules', rules).expect(200);
    }
  });

  it('emits the alert to the care-team room after commit, and to no other room', async () => {
    const result = await submit({ craving: 10 });
    const alertId = result.alerts[0].id;
    const raised = await careTeamRoom.next('alert.raised', (p) => p.alertId === alertId);
    expect(raised.payload).toEqual({ alertId, clientId: team.client.clientId, rule: 'craving_high', severity: 'warning', status: 'open', raisedAt: expect.any(String), checkInId: result.checkIn.id });
    // The client's room hears that a check-in was recorded (ids only), never the alert.
    await clientRoom.next('checkin.recorded', (p) => p.checkInId === result.checkIn.id);
    expect(clientRoom.received.filter((r) => r.event.startsWith('alert.'))).toEqual([]);
    expect(otherRooms.received).toEqual([]);
    expect(JSON.stringify(careTeamRoom.received)).not.toContain('note');
  });

  it('acknowledging stops the escalation: when its time comes nobody is notified', async () => {
    const result = await submit({ safetyConcern: true });
    const alertId = result.alerts[0].id;
    const [escalation] = await t.db.query<{ id: string; version: number; due_at: Date }[]>(`SELECT id, version, due_at FROM escalation WHERE alert_id = $1`, [alertId]);
    expect(escalation.due_at.getTime() - t.clock.now().getTime()).toBe(900_000); // the default 15 minutes
    const ack = await (await as('peerCoach')).post(path(`/alerts/${alertId}/acknowledge`)).expect(200);
    expect(ack.body).toMatchObject({ id: alertId, status: 'acknowledged', acknowledgedBy: team.peerCoach.userId });
    await careTeamRoom.next('alert.updated', (p) => p.alertId === alertId && p.status === 'acknowledged');
    t.clock.advance(900);
    expect(await t.app.get(Escalations).fire(escalation.id, escalation.version)).toBe('not-claimed');
    expect(await t.db.query(`SELECT id FROM reminder WHERE kind = 'escalation' AND subject_id = $1`, [alertId])).toEqual([]);
    // A second acknowledgement changes nothing; resolving needs a note.
    expect((await (await as('clinician')).post(path(`/alerts/${alertId}/acknowledge`)).expect(200)).body.acknowledgedBy).toBe(team.peerCoach.userId);
    const noNote = await (await as('clinician')).post(path(`/alerts/${alertId}/resolve`), { note: '' }).expect(400);
    expect(noNote.body.errors[0].field).toBe('note');
    const resolved = await (await as('clinician')).post(path(`/alerts/${alertId}/resolve`), { note: 'Called; safety plan reviewed' }).expect(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolvedBy: team.clinician.userId, resolutionNote: 'Called; safety plan reviewed' });
  });

  it('without acknowledgement, whoever is on call is notified when the delay has passed', async () => {
    const onCall = await createStaff(t.db, { id: team.client.organizationId }, 'clinician');
    const now = t.clock.now().getTime();
    await (await as('admin'))
      .post('/organization/on-call', { staffUserId: onCall.userId, startsAt: new Date(now - 60_000).toISOString(), endsAt: new Date(now + 3_600_000).toISOString() })
      .expect(201);
    const alertId = (await submit({ safetyConcern: true })).alerts[0].id;
    const [escalation] = await t.db.query<{ id: string; version: number }[]>(`SELECT id, version FROM escalation WHERE alert_id = $1`, [alertId]);
    t.clock.advance(900);
    const job = await t.app.get(JobQueue).queue(Jobs.escalateAlert.queue).getJob(escalationJobId(escalation.id, escalation.version));
    await job!.promote();
    await waitUntil(async () => (await t.db.query(`SELECT status FROM escalation WHERE id = $1`, [escalation.id]))[0].status === 'notified', 'escalation fired');
    const reminders = await t.db.query<{ recipient_user_id: string; critical: boolean }[]>(`SELECT recipient_user_id, critical FROM reminder WHERE kind = 'escalation' AND subject_id = $1`, [alertId]);
    expect(reminders).toEqual([{ recipient_user_id: onCall.userId, critical: true }]);
  });

  it('a PHQ-9 item-9 answer above 0 raises phq9_item9 (critical) and answers with crisis resources; 0 does not', async () => {
    const answers = (item9: number) => ({ 1: 1, 2: 1, 3: 0, 4: 1, 5: 0, 6: 0, 7: 0, 8: 0, 9: item9 });
    const calm = await (await as('client')).post(path('/measures'), { instrument: 'PHQ-9', answers: answers(0) }).expect(201);
    expect(calm.body.crisisResources).toBeUndefined();
    expect(await t.db.query(`SELECT id FROM risk_alert WHERE measure_response_id = $1`, [calm.body.id])).toEqual([]);
    const res = await (await as('client')).post(path('/measures'), { instrument: 'PHQ-9', answers: answers(1) }).expect(201);
    expect(res.body.crisisResources[0]).toMatchObject({ name: '988 Suicide & Crisis Lifeline', phone: '988' });
    const [alert] = await t.db.query<{ id: string; rule: string; severity: string }[]>(`SELECT id, rule, severity FROM risk_alert WHERE measure_response_id = $1`, [res.body.id]);
    expect(alert).toMatchObject({ rule: 'phq9_item9', severity: 'critical' });
    await careTeamRoom.next('alert.raised', (p) => p.alertId === alert.id);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM escalation WHERE alert_id = $1`, [alert.id])).toEqual([{ n: 1 }]);
  });

  it('lists the client’s alerts open first, and the staff member’s caseload alerts', async () => {
    const list = (await (await as('clinician')).get(path('/alerts')).expect(200)).body as { status: string }[];
    const order = { open: 0, acknowledged: 1, resolved: 2 } as const;
    const ranks = list.map((a) => order[a.status as keyof typeof order]);
    expect([...ranks].sort()).toEqual(ranks);
    expect(list.some((a) => a.status === 'resolved')).toBe(true);
    const caseload = (await (await as('peerCoach')).get('/alerts').expect(200)).body as { clientId: string; status: string }[];
    expect(caseload.length).toBe(list.filter((a) => a.status !== 'resolved').length);
    expect(caseload.every((a) => a.clientId === team.client.clientId && a.status !== 'resolved')).toBe(true);
    await (await as('client')).get(path('/alerts')).expect(403);
  });
});

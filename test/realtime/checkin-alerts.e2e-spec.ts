import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Escalations, ReminderDelivery, type NewReminder } from '@attune/reminders';
import { Realtime, Rooms, type CheckInSubmitted } from '@attune/platform';
import { createOrganization } from '@attune/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { calmCheckIn } from '../checkins/support/check-ins.js';
import { planReminders, reminder } from '../reminders/support/reminders.js';
import { api } from './support/http.js';
import { call, connect, next, type TestSocket } from './support/sockets.js';
import { createTeam, type Team } from './support/world.js';

/** A check-in sent over a real socket raises an alert that reaches exactly the client's care team's real sockets. */
describe('check-ins over the socket and alert fan-out', () => {
  let t: TestApp;
  let team: Team;
  let sameOrg: Team;
  let otherOrg: Team;
  let client: TestSocket;
  let careTeam: TestSocket[];
  let outsiders: { who: string; socket: TestSocket; userId: string }[];
  const heard: string[] = [];
  const open: TestSocket[] = [];
  const socket = async (token: string) => {
    const s = await connect(t.url, token);
    open.push(s);
    return s;
  };

  beforeAll(async () => {
    t = await startTestApp({ worker: false });
    team = await createTeam(t);
    sameOrg = await createTeam(t, team.client.organizationId);
    otherOrg = await createTeam(t, (await createOrganization(t.db)).id);
    client = await socket(team.tokens.client);
    careTeam = await Promise.all([team.tokens.clinician, team.tokens.peerCoach, team.tokens.caseManager].map(socket));
    outsiders = [
      { who: 'the client', socket: client, userId: team.client.userId },
      { who: 'a clinician of another team in the org', socket: await socket(sameOrg.tokens.clinician), userId: sameOrg.clinician.userId },
      { who: 'a clinician of another org', socket: await socket(otherOrg.tokens.clinician), userId: otherOrg.clinician.userId },
      { who: 'a case manager of another org', socket: await socket(otherOrg.tokens.caseManager), userId: otherOrg.caseManager.userId },
    ];
    for (const o of outsiders) o.socket.on('alert.raised', () => heard.push(o.who));
  }, 120_000);
  afterAll(async () => {
    open.forEach((s) => s.close());
    await t.close();
  });

  /** A later event to every outsider's own room: once each has it, an alert sent before it would have arrived too. */
  const sentinel = async () => {
    const id = randomUUID();
    const all = Promise.all(outsiders.map((o) => next(o.socket, 'notification.new', (n) => n.notificationId === id)));
    t.app.get(Realtime).to(outsiders.map((o) => Rooms.user(o.userId))).emit('notification.new', { notificationId: id, kind: 'test.sentinel', at: new Date().toISOString() });
    await all;
  };
  const submit = (body: Record<string, unknown>) => call<CheckInSubmitted>(client, 'checkin.submit', { clientId: team.client.clientId, ...calmCheckIn(body) });

  it('craving 9 sent over the socket: every care-team socket gets alert.raised, nobody else does', async () => {
    const arrivals = careTeam.map((s) => next(s, 'alert.raised', (a) => a.clientId === team.client.clientId));
    const reply = await submit({ craving: 9 });
    if (!reply.ok) throw new Error(reply.error);
    expect(reply.data.checkIn).toMatchObject({ clientId: team.client.clientId, craving: 9 });
    expect(reply.data.alerts).toEqual([{ id: expect.any(String), rule: 'craving_high', severity: 'warning' }]);
    expect(reply.data.crisisResources).toEqual([]);
    const received = await Promise.all(arrivals);
    for (const alert of received) {
      expect(alert).toEqual({ alertId: reply.data.alerts[0].id, clientId: team.client.clientId, rule: 'craving_high', severity: 'warning', status: 'open', raisedAt: expect.any(String), checkInId: reply.data.checkIn.id });
    }
    await sentinel();
    expect(heard).toEqual([]);
  });

  it('a safety concern: the ack carries crisis resources; acknowledging over HTTP stops the escalation; another team cannot acknowledge', async () => {
    const arrivals = careTeam.map((s) => next(s, 'alert.raised', (a) => a.rule === 'safety_concern'));
    const reply = await submit({ safetyConcern: true });
    if (!reply.ok) throw new Error(reply.error);
    expect(reply.data.crisisResources[0]).toMatchObject({ name: '988 Suicide & Crisis Lifeline', phone: '988' });
    const [alert] = await Promise.all(arrivals);
    expect(alert).toMatchObject({ rule: 'safety_concern', severity: 'critical', checkInId: reply.data.checkIn.id });
    await sentinel();
    expect(heard).toEqual([]);

    const path = `/clients/${team.client.clientId}/alerts/${alert.alertId}/acknowledge`;
    const refused = await api(t, sameOrg.tokens.clinician).post(path);
    expect([403, 404]).toContain(refused.status);
    expect((await api(t, otherOrg.tokens.clinician).post(path)).status).toBe(404);
    const [escalation] = await t.db.query<{ id: string; version: number }[]>(`SELECT id, version FROM escalation WHERE alert_id = $1`, [alert.alertId]);
    const updated = Promise.all(careTeam.map((s) => next(s, 'alert.updated', (a) => a.alertId === alert.alertId && a.status === 'acknowledged')));
    await api(t, team.tokens.caseManager).post(path).expect(200);
    await updated;
    t.clock.advance(900);
    expect(await t.app.get(Escalations).fire(escalation.id, escalation.version)).toBe('not-claimed');
    expect(await t.db.query(`SELECT id FROM reminder WHERE kind = 'escalation' AND subject_id = $1`, [alert.alertId])).toEqual([]);
  });

  it('a bad checkin.submit payload gets an error ack naming the field, and the socket keeps working', async () => {
    const noCraving = await call(client, 'checkin.submit', { clientId: team.client.clientId, ...calmCheckIn({ craving: 11 }) });
    expect(noCraving).toMatchObject({ ok: false, status: 422 });
    expect(noCraving.ok ? [] : noCraving.fields).toContain('craving');
    const badClient = await call(client, 'checkin.submit', { ...calmCheckIn(), clientId: 'nope' });
    expect(badClient).toMatchObject({ ok: false, status: 422, fields: ['clientId'] });
    const extra = await call(client, 'checkin.submit', { ...calmCheckIn(), clientId: team.client.clientId, mood2: 1 });
    expect(extra).toMatchObject({ ok: false, status: 422, fields: ['mood2'] });
    const notMine = await call(client, 'checkin.submit', { ...calmCheckIn(), clientId: sameOrg.client.clientId });
    expect(notMine).toMatchObject({ ok: false });
    expect([403, 404]).toContain(notMine.ok ? 0 : notMine.status);
    expect(client.connected).toBe(true);
    expect((await submit({})).ok).toBe(true);
  });

  it("a delivered in-app reminder's notification.new reaches the recipient's real socket", async () => {
    const row: NewReminder = {
      organizationId: team.client.organizationId,
      recipientUserId: team.client.userId,
      clientId: team.client.clientId,
      kind: 'check_in',
      subjectId: randomUUID(),
      slot: 'due',
      dueAt: t.clock.now(),
      subjectAt: null,
      channels: ['in_app'],
    };
    const [id] = await planReminders(t, [row]);
    const arrival = next(client, 'notification.new', (n) => n.kind === 'reminder.check_in');
    await t.app.get(ReminderDelivery).deliver(id, (await reminder(t, id)).version);
    const [stored] = await t.db.query<{ id: string }[]>(`SELECT id FROM notification WHERE reminder_id = $1`, [id]);
    expect(await arrival).toEqual({ notificationId: stored.id, kind: 'reminder.check_in', at: t.clock.now().toISOString() });
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OutreachTasks } from '@attune/checkins';
import { Rooms } from '@attune/platform';
import { createCareTeam, createOrganization, tokenFor } from '@attune/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { api } from '../reminders/support/http.js';
import { newVisitId, publishVisit } from '../reminders/support/reminders.js';
import { calmCheckIn, teamSince } from './support/check-ins.js';
import { RoomListener, type Listener } from '../support/room-listener.js';

const DAY = 86_400;

/** A quiet client: after 2 local days without a check-in the peer coach is asked to reach out, once. */
describe('missed check-ins → outreach tasks', () => {
  let t: TestApp;
  let team: Awaited<ReturnType<typeof createCareTeam>>;
  let rooms: RoomListener;
  let careTeamRoom: Listener;
  const as = async (who: 'client' | 'peerCoach') => api(t, await tokenFor(t.app, t.db, team[who]));
  const sweep = () => t.app.get(OutreachTasks).sweep();
  const tasks = () =>
    t.db.query<{ id: string; status: string; assignee_user_id: string; quiet_since: string; close_reason: string | null }[]>(
      `SELECT id, status, assignee_user_id, quiet_since::text AS quiet_since, close_reason FROM outreach_task WHERE client_id = $1 ORDER BY opened_at`,
      [team.client.clientId],
    );
  const missedAlerts = () => t.db.query<{ id: string }[]>(`SELECT id FROM risk_alert WHERE client_id = $1 AND rule = 'missed_checkins'`, [team.client.clientId]);

  beforeAll(async () => {
    // Tuesday 10 November 2026, 10:00 in Chicago.
    t = await startTestApp({ now: new Date('2026-11-10T16:00:00Z') });
    team = await createCareTeam(t.db, await createOrganization(t.db));
    await teamSince(t.db, team.client.clientId);
    rooms = await RoomListener.start(t);
    careTeamRoom = await rooms.join([Rooms.careTeam(team.client.clientId)]);
  }, 120_000);
  afterAll(async () => {
    await rooms.close();
    await t.close();
  });

  it('opens one task for the peer coach after 2 whole local days without a check-in, never two', async () => {
    await (await as('client')).post(`/clients/${team.client.clientId}/check-ins`, calmCheckIn()).expect(201); // Tue 10
    t.clock.set(new Date('2026-11-12T23:59:00Z')); // Thu 12, 17:59: only Wed 11 is a whole missed day
    expect(await sweep()).toEqual({ opened: 0, alerts: 0 });
    t.clock.set(new Date('2026-11-13T06:01:00Z')); // Fri 13, 00:01 in Chicago: Wed 11 and Thu 12 missed
    expect((await sweep()).opened).toBe(1);
    expect((await sweep()).opened).toBe(0);
    const [task] = await tasks();
    expect(task).toMatchObject({ status: 'open', assignee_user_id: team.peerCoach.userId, quiet_since: '2026-11-10' });
    const event = await careTeamRoom.next('outreach.updated', (p) => p.taskId === task.id);
    expect(event.payload).toEqual({ taskId: task.id, clientId: team.client.clientId, status: 'open' });
    const mine = (await (await as('peerCoach')).get('/outreach-tasks').expect(200)).body;
    expect(mine.map((m: { id: string }) => m.id)).toEqual([task.id]);
    expect(await missedAlerts()).toEqual([]); // the alert waits for 3 days
  });

  it('raises one missed_checkins alert (warning) after 3 days', async () => {
    t.clock.set(new Date('2026-11-14T06:30:00Z')); // Sat 14, 00:30: Wed, Thu, Fri missed
    expect((await sweep()).alerts).toBe(1);
    expect((await sweep()).alerts).toBe(0);
    const [alert] = await t.db.query(`SELECT rule, severity, status FROM risk_alert WHERE client_id = $1 AND rule = 'missed_checkins'`, [team.client.clientId]);
    expect(alert).toEqual({ rule: 'missed_checkins', severity: 'warning', status: 'open' });
    expect((await tasks()).filter((x) => x.status === 'open')).toHaveLength(1);
  });

  it('closes when the peer coach records contact, and a new task needs new quiet days', async () => {
    const [task] = await tasks();
    const done = await (await as('peerCoach')).post(`/clients/${team.client.clientId}/outreach-tasks/${task.id}/contact-made`).expect(200);
    expect(done.body).toMatchObject({ id: task.id, status: 'done', closeReason: 'contact_made', closedBy: team.peerCoach.userId });
    await careTeamRoom.next('outreach.updated', (p) => p.taskId === task.id && p.status === 'done');
    expect((await sweep()).opened).toBe(0);
    t.clock.set(new Date('2026-11-17T06:30:00Z')); // Tue 17: Sun 15 and Mon 16 quiet since the contact on Sat 14
    expect((await sweep()).opened).toBe(1);
  });

  it('closes when the client checks in (in the same transaction)', async () => {
    const open = (await tasks()).find((x) => x.status === 'open')!;
    await (await as('client')).post(`/clients/${team.client.clientId}/check-ins`, calmCheckIn()).expect(201);
    expect((await tasks()).find((x) => x.id === open.id)).toMatchObject({ status: 'done', close_reason: 'check_in' });
    await careTeamRoom.next('outreach.updated', (p) => p.taskId === open.id && p.status === 'done');
  });

  it('closes when a visit is completed', async () => {
    t.clock.advance(3 * DAY);
    expect((await sweep()).opened).toBe(1);
    const open = (await tasks()).find((x) => x.status === 'open')!;
    const at = t.clock.now().toISOString();
    await publishVisit(t, 'visit.completed', { organizationId: team.client.organizationId, clientId: team.client.clientId, visitId: newVisitId(), startsAt: at, durationMinutes: 60, kind: 'home' });
    expect((await tasks()).find((x) => x.id === open.id)).toMatchObject({ status: 'done', close_reason: 'visit_completed' });
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { ReminderDelivery, type NewReminder } from '@attune/reminders';
import { Rooms } from '@attune/platform';
import { createClient, createOrganization, createStaff, tokenFor, type ClientRecord, type Org } from '@attune/testing';
import { RoomListener, type Listener } from '../support/room-listener.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { planReminders, reminder } from './support/reminders.js';

/** The in-app channel: a stored notification, a `notification.new` event to its recipient only, and the inbox routes. */
describe('in-app notifications', () => {
  let t: TestApp;
  let org: Org;
  let client: ClientRecord;
  let other: ClientRecord;
  let listener: RoomListener;
  let mine: Listener;
  let theirs: Listener;

  beforeAll(async () => {
    t = await startTestApp({ worker: false });
    org = await createOrganization(t.db);
    client = await createClient(t.db, org);
    other = await createClient(t.db, org);
    listener = await RoomListener.start(t);
    [mine, theirs] = await Promise.all([listener.join([Rooms.user(client.userId)]), listener.join([Rooms.user(other.userId)])]);
  });
  afterAll(async () => {
    await listener.close();
    await t.close();
  });

  const deliverInApp = async (person: ClientRecord): Promise<string> => {
    const row: NewReminder = {
      organizationId: org.id,
      recipientUserId: person.userId,
      clientId: person.clientId,
      kind: 'check_in',
      subjectId: randomUUID(),
      slot: 'due',
      dueAt: t.clock.now(),
      subjectAt: null,
      channels: ['in_app'],
    };
    const [id] = await planReminders(t, [row]);
    await t.app.get(ReminderDelivery).deliver(id, (await reminder(t, id)).version);
    return id;
  };

  it('announces a delivered reminder to its recipient’s sockets and no one else’s, once', async () => {
    const reminderId = await deliverInApp(client);
    const [stored] = await t.db.query<{ id: string }[]>(`SELECT id FROM notification WHERE reminder_id = $1`, [reminderId]);
    const { payload: event } = await mine.next('notification.new', (e) => e.notificationId === stored.id);
    expect(event).toEqual({ notificationId: stored.id, kind: 'reminder.check_in', at: t.clock.now().toISOString() });
    // A repeated delivery of the same version claims nothing, stores nothing and announces nothing.
    await t.app.get(ReminderDelivery).deliver(reminderId, (await reminder(t, reminderId)).version);
    await deliverInApp(other); // a later event on the other socket bounds the wait below
    await theirs.next('notification.new');
    expect(mine.received.filter((r) => r.payload.notificationId === stored.id)).toHaveLength(1);
    expect(theirs.received.some((r) => r.payload.notificationId === stored.id)).toBe(false);
  });

  it('lists my notifications with the unread count, marks one and then all read; another person’s is not found', async () => {
    const person = await createClient(t.db, org);
    await deliverInApp(person);
    await deliverInApp(person);
    const token = await tokenFor(t.app, t.db, person);
    const inbox = await request(t.url).get('/api/v1/me/notifications').set('authorization', `Bearer ${token}`).expect(200);
    expect(inbox.body.unread).toBe(2);
    expect(inbox.body.notifications).toHaveLength(2);
    expect(Object.keys(inbox.body.notifications[0]).sort()).toEqual(['createdAt', 'id', 'kind', 'readAt', 'subjectId']);

    const first = inbox.body.notifications[0].id as string;
    const read = await request(t.url).post(`/api/v1/me/notifications/${first}/read`).set('authorization', `Bearer ${token}`).expect(200);
    expect(read.body.readAt).toBe(t.clock.now().toISOString());
    const unreadOnly = await request(t.url).get('/api/v1/me/notifications?unread=true').set('authorization', `Bearer ${token}`).expect(200);
    expect(unreadOnly.body).toMatchObject({ unread: 1, notifications: [{ readAt: null }] });

    const staff = await createStaff(t.db, org, 'clinician');
    const staffToken = await tokenFor(t.app, t.db, staff);
    await request(t.url).post(`/api/v1/me/notifications/${first}/read`).set('authorization', `Bearer ${staffToken}`).expect(404);
    await request(t.url).post('/api/v1/me/notifications/not-an-id/read').set('authorization', `Bearer ${token}`).expect(404);
    const bad = await request(t.url).get('/api/v1/me/notifications?limit=500').set('authorization', `Bearer ${token}`).expect(400);
    expect(JSON.stringify(bad.body)).toContain('limit');

    await request(t.url).post('/api/v1/me/notifications/read-all').set('authorization', `Bearer ${token}`).expect(200, { changed: 1 });
    await request(t.url).get('/api/v1/me/notifications').expect(401);
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MessageReconciler, NotificationPreferences, Outbox } from '@attune/notifications';
import type { EntityManager } from 'typeorm';
import { DueDateReminders, ReminderDelivery, ReminderReconciler, REMINDER_QUEUE, reminderJobId, type NewReminder, type ReminderKind } from '@attune/reminders';
import { JobQueue, type AfterCommit } from '@attune/platform';
import { createClient, createOrganization, type ClientRecord, type Org } from '@attune/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { RecordingSmsApi } from '../notifications/support/recording-sms-api.js';
import { RecordingSmtpServer } from '../notifications/support/recording-smtp-server.js';
import { messagesFor, notificationsFor, planReminders, reminder, waitUntil } from './support/reminders.js';

/** Channels, preferences, quiet hours, carrier opt-outs and retries, through a real SMTP server and SMS API. */
describe('reminder channels', () => {
  const smtp = new RecordingSmtpServer();
  const smsApi = new RecordingSmsApi();
  let t: TestApp;
  let org: Org;

  beforeAll(async () => {
    const [smtpPort, smsPort] = await Promise.all([smtp.start(), smsApi.start()]);
    t = await startTestApp({
      // 23:30 in New York: inside 22:00–07:00 quiet hours.
      now: new Date('2026-11-21T04:30:00Z'),
      env: {
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        SMS_API_URL: `http://127.0.0.1:${smsPort}/2010-04-01`,
        SMS_ACCOUNT_SID: 'AC1',
        SMS_AUTH_TOKEN: 'token',
        SMS_FROM: '+15550000000',
        MESSAGE_RETRY_BASE_MS: '20',
        REMINDER_RECONCILE_INTERVAL_MS: '3600000',
      },
    });
    org = await createOrganization(t.db);
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([smtp.close(), smsApi.close()]);
  });

  const person = async () => {
    const client = await createClient(t.db, org, { timeZone: 'America/New_York' });
    return client;
  };
  const due = (client: ClientRecord, kind: ReminderKind, channels: NewReminder['channels']): NewReminder => ({
    organizationId: org.id,
    recipientUserId: client.userId,
    clientId: client.clientId,
    kind,
    subjectId: randomUUID(),
    slot: 'due',
    dueAt: t.clock.now(),
    subjectAt: null,
    channels,
  });
  const settled = (id: string) => waitUntil(async () => !['scheduled', 'sending'].includes((await reminder(t, id)).status), 'reminder settled');
  const messagesSettled = (id: string) => waitUntil(async () => (await messagesFor(t, [id])).every((m) => m.status === 'sent' || m.status === 'failed'), 'messages settled');

  it('retries an email the server defers (451) and delivers it once', async () => {
    const client = await person();
    smtp.answer(client.email!, [451]);
    const arrival = smtp.arrival(client.email!);
    const [id] = await planReminders(t, [due(client, 'follow_up', ['email'])]);
    const mail = await arrival;
    await messagesSettled(id);
    expect(await messagesFor(t, [id])).toEqual([{ reminder_id: id, channel: 'email', status: 'sent', attempts: 2, last_error: null }]);
    expect(smtp.mailTo(client.email!)).toHaveLength(1);
    expect(mail.raw).toMatch(/^Subject: A message from Attune$/m);
    expect(await reminder(t, id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('records a refused email (550) as failed, with no address in the stored error', async () => {
    const client = await person();
    smtp.answer(client.email!, [550]);
    const [id] = await planReminders(t, [due(client, 'follow_up', ['email'])]);
    await settled(id);
    await messagesSettled(id);
    const [message] = await messagesFor(t, [id]);
    expect(message).toMatchObject({ status: 'failed', attempts: 1 });
    expect(message.last_error).toContain('550');
    expect(message.last_error).not.toContain('@');
    expect(t.logs.join('\n')).not.toContain(client.email!);
    // Its only channel failed for good: the reconciler records the reminder as failed, with the redacted error.
    await t.app.get(ReminderReconciler).reconcile();
    const failed = await reminder(t, id);
    expect(failed).toMatchObject({ status: 'failed', status_reason: 'delivery_failed' });
    expect(failed.last_error).toMatch(/^email: SMTP 550/);
    expect(failed.last_error).not.toContain('@');
  });

  it('quiet hours hold a routine reminder until they end, and let a critical one through', async () => {
    const client = await person();
    await t.app.get(NotificationPreferences).set(client.userId, { quietHours: { starts: '22:00', ends: '07:00' } });
    const [routine] = await planReminders(t, [due(client, 'check_in', ['in_app', 'sms'])]);
    const text = smsApi.delivery(client.phone!);
    const [critical] = await planReminders(t, [due(client, 'escalation', ['in_app', 'sms'])]);
    await settled(critical);
    await text;
    expect(await reminder(t, critical)).toMatchObject({ status: 'sent' });
    expect(await notificationsFor(t, [critical])).toHaveLength(1);

    await waitUntil(async () => (await reminder(t, routine)).version === 2, 'routine deferred');
    expect(await reminder(t, routine)).toMatchObject({ status: 'scheduled', version: 2, due_at: new Date('2026-11-21T12:00:00Z') }); // 07:00 EST
    expect(await notificationsFor(t, [routine])).toHaveLength(0);
    // At 07:00 it goes (the delayed job is promoted as time passes).
    t.clock.set(new Date('2026-11-21T12:00:00Z'));
    await (await t.app.get(JobQueue).queue(REMINDER_QUEUE).getJob(reminderJobId(routine, 2)))!.promote();
    await settled(routine);
    expect(await reminder(t, routine)).toMatchObject({ status: 'sent' });
    t.clock.set(new Date('2026-11-21T04:30:00Z'));
  });

  it('respects an opt-out for a kind, and narrows to the chosen channels', async () => {
    const client = await person();
    await t.app.get(NotificationPreferences).set(client.userId, {
      kinds: [
        { kind: 'check_in', channels: [], optedOut: true },
        { kind: 'follow_up', channels: ['in_app'] },
      ],
    });
    const [optedOut, narrowed] = await planReminders(t, [due(client, 'check_in', ['in_app', 'sms']), due(client, 'follow_up', ['in_app', 'email'])]);
    await settled(optedOut);
    await settled(narrowed);
    expect(await reminder(t, optedOut)).toMatchObject({ status: 'skipped', status_reason: 'opted_out' });
    expect(await notificationsFor(t, [optedOut])).toHaveLength(0);
    expect(await reminder(t, narrowed)).toMatchObject({ status: 'sent' });
    expect(await notificationsFor(t, [narrowed])).toHaveLength(1);
    expect(await messagesFor(t, [narrowed])).toHaveLength(0);
  });

  it('sends no text to a number the carrier reported STOP for, critical or not, and uses the app instead', async () => {
    const client = await person();
    await t.app.get(NotificationPreferences).recordCarrierOptOut(client.phone!);
    const [id] = await planReminders(t, [due(client, 'escalation', ['sms'])]);
    await settled(id);
    expect(await messagesFor(t, [id])).toHaveLength(0);
    expect(await notificationsFor(t, [id])).toHaveLength(1);
    expect(smsApi.requests.filter((r) => r.form.To === client.phone)).toHaveLength(0);
  });

  it('enqueues again a reminder whose job was lost, once past the grace, and sends it once', async () => {
    const client = await person();
    const reminderDue = { ...due(client, 'follow_up', ['in_app'] as NewReminder['channels']), dueAt: new Date(t.clock.now().getTime() + 3_600_000) };
    const [id] = await planReminders(t, [reminderDue]);
    await t.app.get(JobQueue).queue(REMINDER_QUEUE).remove(reminderJobId(id, 1)); // lost, without Redis being emptied
    t.clock.advance(3600 + 10);
    expect((await t.app.get(ReminderReconciler).reconcile()).overdue).toBe(0); // within the grace: maybe just slow
    t.clock.advance(30);
    expect((await t.app.get(ReminderReconciler).reconcile()).overdue).toBe(1);
    await settled(id);
    expect(await notificationsFor(t, [id])).toHaveLength(1);
    expect(await t.app.get(ReminderDelivery).deliver(id, 1)).toBe('not-claimed');
    t.clock.set(new Date('2026-11-21T04:30:00Z'));
  });

  it('a worker that died mid-send: a routine text fails as interrupted (at most once), a critical one is sent again (at least once)', async () => {
    const client = await person();
    const outbox = t.app.get(Outbox);
    const stage = (atLeastOnce: boolean) =>
      t.db.transaction((tx) => outbox.stage(tx, { organizationId: org.id, recipientUserId: client.userId, channel: 'sms', to: client.phone!, body: 'Attune reminder', atLeastOnce }));
    const [routine, critical] = [await stage(false), await stage(true)];
    // What a SIGKILL mid-send leaves: 'sending', no job.
    await t.db.query(`UPDATE outbound_message SET status = 'sending', attempts = 1 WHERE id = ANY($1::uuid[])`, [[routine, critical]]);
    const text = smsApi.delivery(client.phone!);
    t.clock.advance(301);
    expect(await t.app.get(MessageReconciler).reconcile()).toEqual({ redispatched: 1, interrupted: 1 });
    await text;
    await waitUntil(async () => {
      const [row] = await t.db.query<{ status: string }[]>(`SELECT status FROM outbound_message WHERE id = $1`, [critical]);
      return row.status === 'sent';
    }, 'critical text sent');
    const rows = await t.db.query<{ id: string; status: string; last_error: string }[]>(`SELECT id, status, last_error FROM outbound_message WHERE id = ANY($1::uuid[])`, [[routine, critical]]);
    expect(rows.find((r) => r.id === routine)).toMatchObject({ status: 'failed', last_error: expect.stringContaining('interrupted') });
    expect(rows.find((r) => r.id === critical)).toMatchObject({ status: 'sent' });
    expect(smsApi.requests.filter((r) => r.form.To === client.phone)).toHaveLength(1);
    t.clock.set(new Date('2026-11-21T04:30:00Z'));
  });

  it('plans, moves and cancels a due-date reminder for another context (a measure)', async () => {
    const client = await person();
    const dueDates = t.app.get(DueDateReminders);
    const subjectId = randomUUID();
    const inDays = (days: number) => new Date(t.clock.now().getTime() + days * 86_400_000);
    const run = async (work: (tx: EntityManager) => Promise<AfterCommit | undefined>) => (await t.db.transaction(work))?.();
    const measure = { organizationId: org.id, recipientUserId: client.userId, clientId: client.clientId, kind: 'measure' as const, subjectId };
    await run((tx) => dueDates.plan(tx, { ...measure, dueAt: inDays(3) }));
    await run((tx) => dueDates.plan(tx, { ...measure, dueAt: inDays(5) }));
    const [row] = await t.db.query<{ id: string; version: number; due_at: Date; status: string }[]>(`SELECT id, version, due_at, status FROM reminder WHERE subject_id = $1`, [subjectId]);
    expect(row).toMatchObject({ version: 2, due_at: inDays(5), status: 'scheduled' });
    await run((tx) => dueDates.cancel(tx, org.id, 'measure', subjectId));
    expect(await reminder(t, row.id)).toMatchObject({ status: 'cancelled', status_reason: 'subject_completed', version: 3 });
  });
});

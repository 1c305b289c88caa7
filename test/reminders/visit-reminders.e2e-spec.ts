import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ReminderDelivery, REMINDER_QUEUE, reminderJobId } from '@attune/reminders';
import { JobQueue } from '@attune/platform';
import { createCareTeam, createOrganization, type ClientRecord, type Org, type Person } from '@attune/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { RecordingSmsApi } from '../notifications/support/recording-sms-api.js';
import {
  advanceAndFire,
  messagesFor,
  newVisitId,
  notificationsFor,
  publishVisit,
  queueIdle,
  reminder,
  remindersOf,
  waitUntil,
} from './support/reminders.js';

const HOUR = 3600;

/** Visit reminders follow the visit: sent once, moved with it, never after a cancellation. */
describe('visit reminders', () => {
  const smsApi = new RecordingSmsApi();
  let t: TestApp;
  let org: Org;
  let client: ClientRecord;
  let clinician: Person;

  beforeAll(async () => {
    const smsPort = await smsApi.start();
    t = await startTestApp({
      now: new Date('2026-11-20T15:00:00Z'),
      env: {
        SMS_API_URL: `http://127.0.0.1:${smsPort}/2010-04-01`,
        SMS_ACCOUNT_SID: 'AC1',
        SMS_AUTH_TOKEN: 'token',
        SMS_FROM: '+15550000000',
        MESSAGE_RETRY_BASE_MS: '20',
        REMINDER_RECONCILE_INTERVAL_MS: '3600000',
      },
    });
    org = await createOrganization(t.db);
    const team = await createCareTeam(t.db, org);
    client = team.client;
    clinician = team.clinician;
    await t.db.query(`UPDATE user_account SET time_zone = 'America/New_York' WHERE id = $1`, [client.userId]);
  });
  afterAll(async () => {
    await t.close();
    await smsApi.close();
  });

  const visit = (visitId: string, startsAt: Date) => ({
    organizationId: org.id,
    clientId: client.clientId,
    visitId,
    startsAt: startsAt.toISOString(),
    durationMinutes: 60,
    kind: 'home',
    attendeeUserIds: [clinician.userId],
  });
  const inHours = (hours: number) => new Date(t.clock.now().getTime() + hours * HOUR * 1000);
  const textsTo = (phone: string) => smsApi.requests.filter((r) => r.form.To === phone && r.status < 300);

  it('is sent once, in the app and by text, to the client and the attending clinician', async () => {
    const visitId = newVisitId();
    await publishVisit(t, 'visit.scheduled', visit(visitId, inHours(2)));
    const rows = await remindersOf(t, visitId);
    // The 24 h reminder's time has passed already: only the 1 h one, for each person.
    expect(rows.map((r) => [r.recipient_user_id, r.slot, r.status, r.version, r.enqueued_version])).toEqual(
      [
        [client.userId, '3600', 'scheduled', 1, 1],
        [clinician.userId, '3600', 'scheduled', 1, 1],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    const job = await t.app.get(JobQueue).queue(REMINDER_QUEUE).getJob(reminderJobId(rows[0].id, 1));
    expect(job?.data).toEqual({ reminderId: rows[0].id, version: 1 }); // ids only

    const text = smsApi.delivery(client.phone!);
    expect(await advanceAndFire(t, HOUR)).toBe(2);
    const sms = await text;
    await waitUntil(async () => (await remindersOf(t, visitId)).every((r) => r.status === 'sent'), 'reminders sent');
    expect(sms.form.Body).toBe('Your Attune team visits today at 12:00.'); // 17:00Z in New York; a synthetic visit has no participant, so no join link (invitations.e2e-spec.ts shows the link)
    const ids = rows.map((r) => r.id);
    expect(await notificationsFor(t, ids)).toHaveLength(2);

    // A repeated job, a retry after success: nothing more.
    await t.app.get(JobQueue).enqueue('deliverReminder', { reminderId: rows[0].id, version: 1 }, { jobId: `repeat-${rows[0].id}` });
    await waitUntil(() => queueIdle(t), 'queue idle');
    expect(await t.app.get(ReminderDelivery).deliver(rows[0].id, 1)).toBe('not-claimed');
    await waitUntil(async () => (await messagesFor(t, ids)).every((m) => m.status === 'sent'), 'texts sent');
    expect(await notificationsFor(t, ids)).toHaveLength(2);
    expect(textsTo(client.phone!)).toHaveLength(1);
  });

  it('moves with a rescheduled visit: the old job never sends, the new one does', async () => {
    const visitId = newVisitId();
    await publishVisit(t, 'visit.scheduled', visit(visitId, inHours(3)));
    const [before] = (await remindersOf(t, visitId)).filter((r) => r.recipient_user_id === client.userId);
    await publishVisit(t, 'visit.rescheduled', { ...visit(visitId, inHours(30)), previousStartsAt: inHours(3).toISOString() });
    const after = (await remindersOf(t, visitId)).filter((r) => r.recipient_user_id === client.userId);
    // The same 1 h row moved (new version, new job), and the 24 h one is now ahead, so it exists too.
    const moved = after.find((r) => r.id === before.id)!;
    // Due beyond the enqueue horizon (24 h): its old job is gone and the reconciler enqueues it when it comes near.
    expect(moved).toMatchObject({ slot: '3600', version: 2, enqueued_version: 1, due_at: inHours(29) });
    expect(after.map((r) => r.slot).sort()).toEqual(['3600', '86400']);
    const queue = t.app.get(JobQueue).queue(REMINDER_QUEUE);
    expect(await queue.getJob(reminderJobId(before.id, 1))).toBeUndefined();

    // A stale job for version 1 that slipped through (e.g. enqueued before the move) sends nothing.
    await t.app.get(JobQueue).enqueue('deliverReminder', { reminderId: before.id, version: 1 }, { jobId: `stale-${before.id}` });
    await advanceAndFire(t, 2 * HOUR); // the visit's old time passes
    await waitUntil(() => queueIdle(t), 'queue idle');
    expect(await reminder(t, before.id)).toMatchObject({ status: 'scheduled', version: 2, attempts: 0 });
    expect(await notificationsFor(t, [before.id])).toHaveLength(0);

    const text = smsApi.delivery(client.phone!);
    await advanceAndFire(t, 6 * HOUR); // the new 24 h reminder
    await advanceAndFire(t, 21 * HOUR); // the new 1 h reminder
    await text;
    await waitUntil(async () => (await remindersOf(t, visitId)).every((r) => r.status === 'sent'), 'reminders sent');
    expect(await notificationsFor(t, [before.id])).toHaveLength(1);
  });

  it('is never sent after the visit is cancelled', async () => {
    const visitId = newVisitId();
    await publishVisit(t, 'visit.scheduled', visit(visitId, inHours(5)));
    const rows = await remindersOf(t, visitId);
    await publishVisit(t, 'visit.cancelled', visit(visitId, inHours(5)));
    expect((await remindersOf(t, visitId)).map((r) => [r.status, r.status_reason, r.version])).toEqual(rows.map(() => ['cancelled', 'cancelled', 2]));
    const queue = t.app.get(JobQueue).queue(REMINDER_QUEUE);
    for (const row of rows) expect(await queue.getJob(reminderJobId(row.id, 1))).toBeUndefined();
    await advanceAndFire(t, 5 * HOUR);
    for (const row of rows) expect(await t.app.get(ReminderDelivery).deliver(row.id, 1)).toBe('not-claimed');
    expect(await notificationsFor(t, rows.map((r) => r.id))).toHaveLength(0);
    expect(await messagesFor(t, rows.map((r) => r.id))).toHaveLength(0);
  });

  it('a cancel racing the job: either the cancel wins and nothing is sent, or the reminder was sent before it', async () => {
    const visits = Array.from({ length: 30 }, () => newVisitId());
    for (const visitId of visits) await publishVisit(t, 'visit.scheduled', { ...visit(visitId, inHours(2)), attendeeUserIds: [] });
    t.clock.advance(HOUR);
    const queue = t.app.get(JobQueue).queue(REMINDER_QUEUE);
    await Promise.all(
      visits.map(async (visitId) => {
        const [row] = await remindersOf(t, visitId);
        const job = await queue.getJob(reminderJobId(row.id, 1));
        await Promise.all([job!.promote(), publishVisit(t, 'visit.cancelled', visit(visitId, inHours(1)))]);
      }),
    );
    await waitUntil(() => queueIdle(t), 'queue idle');
    const outcomes = new Map<string, number>();
    for (const visitId of visits) {
      const [row] = await remindersOf(t, visitId);
      const sent = await notificationsFor(t, [row.id]);
      const texts = await messagesFor(t, [row.id]);
      if (row.status === 'cancelled') {
        expect({ visitId, notifications: sent.length, texts: texts.length }).toEqual({ visitId, notifications: 0, texts: 0 });
      } else {
        expect({ visitId, status: row.status, notifications: sent.length, texts: texts.length }).toEqual({ visitId, status: 'sent', notifications: 1, texts: 1 });
      }
      outcomes.set(row.status, (outcomes.get(row.status) ?? 0) + 1);
    }
    expect((outcomes.get('cancelled') ?? 0) + (outcomes.get('sent') ?? 0)).toBe(30);
  });

  it('skips a reminder that would arrive after the visit started (stale)', async () => {
    const visitId = newVisitId();
    await publishVisit(t, 'visit.scheduled', { ...visit(visitId, inHours(1.5)), attendeeUserIds: [] });
    const [row] = await remindersOf(t, visitId);
    t.clock.advance(2 * HOUR); // the worker was down the whole time; the visit has started
    expect(await t.app.get(ReminderDelivery).deliver(row.id, 1)).toBe('skipped');
    expect(await reminder(t, row.id)).toMatchObject({ status: 'skipped', status_reason: 'stale' });
    expect(await notificationsFor(t, [row.id])).toHaveLength(0);
  });

  it('a completed visit cancels what is left', async () => {
    const visitId = newVisitId();
    await publishVisit(t, 'visit.scheduled', { ...visit(visitId, inHours(30)), attendeeUserIds: [] });
    await publishVisit(t, 'visit.completed', { ...visit(visitId, inHours(30)), attendeeUserIds: [] });
    expect((await remindersOf(t, visitId)).map((r) => r.status_reason)).toEqual(['subject_completed', 'subject_completed']);
  });

  it('plans a whole series from one event as per-visit events would, and its occurrences then move and cancel one by one', async () => {
    const visitIds = [newVisitId(), newVisitId(), newVisitId()];
    const starts = [inHours(20), inHours(30), inHours(24 * 8)];
    await publishVisit(t, 'visit.series_scheduled', {
      organizationId: org.id,
      clientId: client.clientId,
      seriesId: newVisitId(),
      kind: 'home',
      durationMinutes: 60,
      timeZone: 'America/New_York',
      clientUserId: client.userId,
      attendeeUserIds: [clinician.userId],
      status: 'scheduled',
      occurrences: visitIds.map((visitId, i) => ({ visitId, startsAt: starts[i].toISOString(), endsAt: new Date(starts[i].getTime() + HOUR * 1000).toISOString() })),
    });
    const recipients = [client.userId, clinician.userId].sort();
    // The first occurrence's 24 h reminder time has passed: only the 1 h ones.
    const first = await remindersOf(t, visitIds[0]);
    expect(first.map((r) => [r.recipient_user_id, r.slot, r.status, r.version, r.due_at.toISOString()])).toEqual(
      recipients.map((id) => [id, '3600', 'scheduled', 1, inHours(19).toISOString()]),
    );
    expect(first.map((r) => r.enqueued_version)).toEqual([1, 1]);
    const queue = t.app.get(JobQueue).queue(REMINDER_QUEUE);
    for (const row of first) expect(await queue.getJob(reminderJobId(row.id, 1))).toBeDefined();
    for (const visitId of visitIds.slice(1)) {
      const rows = await remindersOf(t, visitId);
      expect(rows.map((r) => [r.recipient_user_id, r.slot, r.status, r.version])).toEqual(
        recipients.flatMap((id) => [[id, '86400', 'scheduled', 1], [id, '3600', 'scheduled', 1]]),
      );
    }
    // The week-ahead occurrence is beyond the horizon: no job yet (the reconciler enqueues it when it comes near).
    expect((await remindersOf(t, visitIds[2])).map((r) => r.enqueued_version)).toEqual([null, null, null, null]);

    // One occurrence moves: its rows move (new version), the others stay.
    await publishVisit(t, 'visit.rescheduled', { ...visit(visitIds[1], inHours(31)), previousStartsAt: starts[1].toISOString() });
    expect((await remindersOf(t, visitIds[1])).map((r) => [r.slot, r.version, r.due_at.toISOString()])).toEqual([
      ['86400', 2, inHours(7).toISOString()], ['3600', 2, inHours(30).toISOString()],
      ['86400', 2, inHours(7).toISOString()], ['3600', 2, inHours(30).toISOString()],
    ]);
    expect((await remindersOf(t, visitIds[2])).map((r) => r.version)).toEqual([1, 1, 1, 1]);

    for (const [i, visitId] of visitIds.entries()) await publishVisit(t, 'visit.cancelled', visit(visitId, starts[i]));
    for (const visitId of visitIds) expect(new Set((await remindersOf(t, visitId)).map((r) => r.status))).toEqual(new Set(['cancelled']));
    for (const row of first) expect(await queue.getJob(reminderJobId(row.id, 1))).toBeUndefined();
  });
});

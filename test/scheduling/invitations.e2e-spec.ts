import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ICAL from 'ical.js';
import { createStaff, tokenFor } from '@attune/testing';
import { mimePart } from '../notifications/support/mime.js';
import { RecordingSmsApi } from '../notifications/support/recording-sms-api.js';
import { RecordingSmtpServer, type ReceivedMail } from '../notifications/support/recording-smtp-server.js';
import { advanceAndFire, waitUntil } from '../reminders/support/reminders.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { api, LONG_TOKENS, MONDAY, schedulingWorld, type SchedulingWorld } from './support.js';

interface Invitation {
  subject: string;
  text: string;
  method: string;
  events: { uid: string; start: string; sequence: number; status: string; location: string | null; url: string | null }[];
}

/** Reads an invitation email back: its plain text and its text/calendar part, parsed with ical.js. */
function readInvitation(mail: ReceivedMail): Invitation {
  const calendar = mimePart(mail.raw, 'text/calendar');
  const text = mimePart(mail.raw, 'text/plain');
  if (!calendar || !text) throw new Error('not an invitation');
  const vcalendar = new ICAL.Component(ICAL.parse(calendar.body));
  return {
    subject: /^Subject: (.*)$/m.exec(mail.raw)?.[1] ?? '',
    text: text.body.replace(/\r?\n/g, ' '),
    method: String(vcalendar.getFirstPropertyValue('method')),
    events: vcalendar.getAllSubcomponents('vevent').map((vevent) => ({
      uid: String(vevent.getFirstPropertyValue('uid')),
      start: new ICAL.Event(vevent).startDate.toJSDate().toISOString(),
      sequence: Number(vevent.getFirstPropertyValue('sequence')),
      status: String(vevent.getFirstPropertyValue('status')),
      location: (vevent.getFirstPropertyValue('location') as string | null) ?? null,
      url: (vevent.getFirstPropertyValue('url') as string | null) ?? null,
    })),
  };
}

/** Invitations by email with a calendar part: one per person per change, never to the one who made it. */
describe('visit invitations', () => {
  const smtp = new RecordingSmtpServer();
  const smsApi = new RecordingSmsApi();
  let t: TestApp;
  let w: SchedulingWorld;
  const base = () => `/clients/${w.client.clientId}/visits`;
  const mailFor = async (to: string, count: number): Promise<Invitation[]> => {
    await waitUntil(() => Promise.resolve(smtp.mailTo(to).length >= count), `${count} mails`);
    return smtp.mailTo(to).map(readInvitation);
  };
  const tokenOf = async (visitId: string, userId: string): Promise<string> =>
    (await t.db.query<{ token: string }[]>(`SELECT token FROM visit_participant WHERE visit_id = $1 AND user_id = $2`, [visitId, userId]))[0].token;

  beforeAll(async () => {
    const [port, smsPort] = await Promise.all([smtp.start(), smsApi.start()]);
    const sms = { SMS_API_URL: `http://127.0.0.1:${smsPort}/2010-04-01`, SMS_ACCOUNT_SID: 'AC1', SMS_AUTH_TOKEN: 'token', SMS_FROM: '+15550000000' };
    t = await startTestApp({ now: MONDAY, env: { ...LONG_TOKENS, ...sms, SMTP_URL: `smtp://127.0.0.1:${port}`, REMINDER_RECONCILE_INTERVAL_MS: '3600000' } });
    w = await schedulingWorld(t);
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([smtp.close(), smsApi.close()]);
  });

  it('a visit: the client and the other attendee each get their own join link; the scheduler and non-attendees get nothing', async () => {
    const visit = (
      await w.as.clinician
        .post(base(), { kind: 'in_home', address: '12 Prairie Lane', startsAt: '2026-01-06T15:00:00Z', durationMinutes: 60, attendeeUserIds: [w.clinician.userId, w.caseManager.userId] })
        .expect(201)
    ).body.visits[0];
    const [invite] = await mailFor(w.client.email!, 1);
    expect(invite.subject).toBe('Attune session');
    expect(invite.method).toBe('REQUEST');
    expect(invite.events).toEqual([
      { uid: `${visit.id}@attune`, start: visit.startsAt, sequence: visit.version, status: 'CONFIRMED', location: null, url: expect.stringMatching(/\/j\//) },
    ]);
    const clientLink = `/j/${await tokenOf(visit.id, w.client.userId)}`;
    expect(invite.events[0].url).toContain(clientLink);
    expect(invite.text).toContain(clientLink);
    expect(invite.text).toContain('Tuesday 6 January, 09:00 (America/Chicago)');
    for (const secret of ['Prairie', w.client.preferredName]) expect(smtp.mailTo(w.client.email!)[0].raw).not.toContain(secret);

    const [colleague] = await mailFor(w.caseManager.email!, 1);
    expect(colleague.events[0].url).toContain(`/j/${await tokenOf(visit.id, w.caseManager.userId)}`);
    expect(smtp.mailTo(w.clinician.email!)).toHaveLength(0);
    expect(smtp.mailTo(w.peerCoach.email!)).toHaveLength(0);
  });

  it('a 52-week series is one invitation holding every occurrence; cancelling the series is one cancellation', async () => {
    const before = smtp.mailTo(w.client.email!).length;
    const series = (await w.as.peerCoach.post(base(), { kind: 'phone', startsAt: '2026-01-07T17:00:00Z', durationMinutes: 30, rrule: 'FREQ=WEEKLY;COUNT=52' }).expect(201)).body.visits;
    const invite = (await mailFor(w.client.email!, before + 1))[before];
    expect(invite.events).toHaveLength(52);
    expect(invite.events.map((e) => e.uid)).toEqual(series.map((v: { id: string }) => `${v.id}@attune`));
    expect(invite.text).toContain('52 sessions');

    await w.as.peerCoach.post(`${base()}/${series[10].id}/cancel`, { reason: 'holiday season', scope: 'following' }).expect(200);
    const cancel = (await mailFor(w.client.email!, before + 2))[before + 1];
    expect(cancel).toMatchObject({ subject: 'Attune session cancelled', method: 'CANCEL' });
    expect(cancel.events).toHaveLength(42);
    expect(cancel.events.every((e, i) => e.status === 'CANCELLED' && e.uid === `${series[10 + i].id}@attune` && e.sequence > 0)).toBe(true);
  });

  it('a move sends the update with a higher sequence; the organisation may opt in to addresses (admins only)', async () => {
    const admin = await createStaff(t.db, w.org, 'admin');
    const asAdmin = api(t, await tokenFor(t.app, t.db, admin));
    await w.as.clinician.patch('/organization', { calendarLocations: true }).expect(403);
    expect((await asAdmin.patch('/organization', { calendarLocations: true }).expect(200)).body.calendarLocations).toBe(true);
    const bad = await asAdmin.patch('/organization', { calendarLocations: 'yes' }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('calendarLocations');

    const before = smtp.mailTo(w.client.email!).length;
    const visit = (await w.as.caseManager.post(base(), { kind: 'in_home', address: '12 Prairie Lane', startsAt: '2026-01-09T15:00:00Z', durationMinutes: 60 }).expect(201)).body.visits[0];
    await w.as.caseManager.post(`${base()}/${visit.id}/reschedule`, { startsAt: '2026-01-09T18:00:00Z', reason: 'car trouble' }).expect(200);
    const [invite, update] = (await mailFor(w.client.email!, before + 2)).slice(before);
    expect(invite.events[0].location).toBe('12 Prairie Lane');
    expect(update).toMatchObject({ subject: 'Attune session: new time', method: 'REQUEST' });
    expect(update.events[0]).toMatchObject({ uid: `${visit.id}@attune`, start: '2026-01-09T18:00:00.000Z' });
    expect(update.events[0].sequence).toBeGreaterThan(invite.events[0].sequence);
    expect(update.text).toContain('moved');
  });

  it("the day-before text reminder carries the client's own one-tap join link", async () => {
    const visit = (await w.as.clinician.post(base(), { kind: 'video', startsAt: '2026-01-08T16:00:00Z', durationMinutes: 45 }).expect(201)).body.visits[0];
    const link = `/j/${await tokenOf(visit.id, w.client.userId)}`;
    // The clock stands on Monday 12:00Z; the day-before reminder is due on Wednesday 16:00Z (earlier visits' reminders fire on the way).
    await advanceAndFire(t, 52 * 3600);
    const mine = () => smsApi.requests.filter((r) => r.form.To === w.client.phone && r.form.Body.includes(link));
    await waitUntil(() => Promise.resolve(mine().length > 0), 'the reminder text');
    expect(mine()[0].form.Body).toBe(`Your Attune team visits tomorrow at 10:00. Join or see the details: ${t.config.publicUrl}${link}`);
  });
});

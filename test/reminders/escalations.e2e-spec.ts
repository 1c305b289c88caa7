import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Escalations, escalationJobId } from '@attune/reminders';
import { DomainEvents, JobQueue, Jobs } from '@attune/platform';
import { createCareTeam, createOrganization, createStaff, fakePhone, tokenFor, type Person } from '@attune/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { RecordingSmsApi } from '../notifications/support/recording-sms-api.js';
import { RecordingSmtpServer } from '../notifications/support/recording-smtp-server.js';
import { api } from './support/http.js';
import { notificationsFor, waitUntil } from './support/reminders.js';

/** "If alert A is not acknowledged within N minutes, notify whoever is on call" — checked when the job fires. */
describe('escalations and the on-call roster', () => {
  const smtp = new RecordingSmtpServer();
  const smsApi = new RecordingSmsApi();
  let t: TestApp;
  let team: Awaited<ReturnType<typeof createCareTeam>>;
  let onCall: Person & { phone: string };
  let asAdmin: ReturnType<typeof api>;

  beforeAll(async () => {
    const [smtpPort, smsPort] = await Promise.all([smtp.start(), smsApi.start()]);
    t = await startTestApp({
      env: {
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        SMS_API_URL: `http://127.0.0.1:${smsPort}/2010-04-01`,
        SMS_ACCOUNT_SID: 'AC1',
        SMS_AUTH_TOKEN: 'token',
        SMS_FROM: '+15550000000',
        REMINDER_RECONCILE_INTERVAL_MS: '3600000',
      },
    });
    const org = await createOrganization(t.db);
    team = await createCareTeam(t.db, org);
    const staff = await createStaff(t.db, org, 'clinician', { timeZone: 'America/Chicago' });
    const phone = fakePhone();
    await t.db.query(`UPDATE user_account SET phone = $2 WHERE id = $1`, [staff.userId, phone]);
    onCall = { ...staff, phone };
    await t.db.query(`UPDATE user_account SET phone = $2 WHERE id = $1`, [team.supervisor.userId, fakePhone()]);
    asAdmin = api(t, await tokenFor(t.app, t.db, team.admin));
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([smtp.close(), smsApi.close()]);
  });

  const escalate = async (alertId: string, afterSeconds: number) => {
    const events = t.app.get(DomainEvents);
    // The statement part a raising statement includes, here over one stand-in alert.
    const now = t.clock.now();
    const scheduled = await t.db.query<{ id: string; version: number; due_at: Date }[]>(
      `WITH raised(organization_id, id, client_id) AS (VALUES ($3::uuid, $4::uuid, $5::uuid)) ${Escalations.scheduleSql('raised', '$2', '$1')}`,
      [now, new Date(now.getTime() + afterSeconds * 1000), team.client.organizationId, alertId, team.client.clientId],
    );
    const work = t.app.get(Escalations).afterScheduled(scheduled);
    await events.afterCommit(work ? [work] : []);
    const [row] = await t.db.query<{ id: string; version: number }[]>(`SELECT id, version FROM escalation WHERE alert_id = $1`, [alertId]);
    return row;
  };
  const fireAfter = async (escalation: { id: string; version: number }, seconds: number) => {
    t.clock.advance(seconds);
    const job = await t.app.get(JobQueue).queue(Jobs.escalateAlert.queue).getJob(escalationJobId(escalation.id, escalation.version));
    expect(job?.data).toEqual({ escalationId: escalation.id, version: escalation.version }); // ids only
    await job!.promote();
  };
  const escalationReminders = (alertId: string) =>
    t.db.query<{ id: string; recipient_user_id: string; status: string; critical: boolean }[]>(
      `SELECT id, recipient_user_id, status, critical FROM reminder WHERE kind = 'escalation' AND subject_id = $1`,
      [alertId],
    );

  it('reaches the person on call by text, email and in-app — through their quiet hours', async () => {
    const now = t.clock.now().getTime();
    await asAdmin
      .post('/organization/on-call', { staffUserId: onCall.userId, startsAt: new Date(now - 60_000).toISOString(), endsAt: new Date(now + 3_600_000).toISOString() })
      .expect(201);
    await t.db.query(`INSERT INTO quiet_hours (user_id, starts, ends, updated_at) VALUES ($1, '00:00', '23:59', now())`, [onCall.userId]);
    const alertId = randomUUID();
    const escalation = await escalate(alertId, 600);
    const text = smsApi.delivery(onCall.phone);
    const mail = smtp.arrival(onCall.email!);
    await fireAfter(escalation, 600);
    const [sms] = await Promise.all([text, mail]);
    expect(sms.form.Body).toMatch(/^Urgent: an alert in Attune needs someone now/);
    await waitUntil(async () => (await escalationReminders(alertId)).every((r) => r.status === 'sent'), 'escalation sent');
    const reminders = await escalationReminders(alertId);
    expect(reminders.map((r) => [r.recipient_user_id, r.critical])).toEqual([[onCall.userId, true]]);
    expect(await notificationsFor(t, reminders.map((r) => r.id))).toHaveLength(1);
  });

  it('notifies nobody when the alert was acknowledged in time', async () => {
    const alertId = randomUUID();
    const escalation = await escalate(alertId, 600);
    const work = await t.db.transaction((tx) => t.app.get(Escalations).acknowledge(tx, team.client.organizationId, alertId));
    await work?.();
    t.clock.advance(600);
    expect(await t.app.get(Escalations).fire(escalation.id, escalation.version)).toBe('not-claimed');
    expect(await escalationReminders(alertId)).toEqual([]);
  });

  it('reaches the supervisor when nobody is on call', async () => {
    t.clock.advance(2 * 3600); // past the shift
    const alertId = randomUUID();
    const escalation = await escalate(alertId, 300);
    await fireAfter(escalation, 300);
    await waitUntil(async () => (await escalationReminders(alertId)).some((r) => r.status === 'sent'), 'escalation sent');
    expect((await escalationReminders(alertId)).map((r) => r.recipient_user_id)).toEqual([team.supervisor.userId]);
  });

  it('refuses a roster entry from a non-admin, and one that ends before it starts (naming the field)', async () => {
    const asClinician = api(t, await tokenFor(t.app, t.db, team.clinician));
    asAdmin = api(t, await tokenFor(t.app, t.db, team.admin)); // the clock moved past the first token's life
    const now = t.clock.now().getTime();
    const shift = { staffUserId: onCall.userId, startsAt: new Date(now).toISOString(), endsAt: new Date(now + 3_600_000).toISOString() };
    await asClinician.post('/organization/on-call', shift).expect(403);
    const bad = await asAdmin.post('/organization/on-call', { ...shift, endsAt: shift.startsAt }).expect(422);
    expect(bad.body.errors[0].field).toBe('endsAt');
    const malformed = await asAdmin.post('/organization/on-call', { ...shift, startsAt: 'tomorrow' }).expect(400);
    expect(malformed.body.errors[0].field).toBe('startsAt');
    expect((await asClinician.get('/organization/on-call').expect(200)).body).toEqual([]);
  });
});

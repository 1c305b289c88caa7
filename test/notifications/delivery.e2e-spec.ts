import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MessageDelivery, MessageReconciler, type MessageToSend } from '@attune/notifications';
import { JobQueue } from '@attune/platform';
import { createOrganization, fakePhone, type Org } from '@attune/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { MessageJobs } from './support/message-jobs.js';
import { RecordingSmsApi } from './support/recording-sms-api.js';
import { RecordingSmtpServer } from './support/recording-smtp-server.js';

/** Email and SMS delivery through a real SMTP server and a local HTTP SMS API, retries included. */
describe('delivering emails and texts', () => {
  const smtp = new RecordingSmtpServer();
  const smsApi = new RecordingSmsApi();
  let t: TestApp;
  let org: Org;
  let jobs: MessageJobs;
  let n = 0;
  const address = () => `person-${++n}@example.test`;
  const email = (to: string): MessageToSend => ({
    organizationId: org.id,
    recipientUserId: null,
    channel: 'email',
    to,
    subject: 'Your sign-in code',
    body: 'Your Attune code is 482913.',
  });

  beforeAll(async () => {
    const [smtpPort, smsPort] = await Promise.all([smtp.start(), smsApi.start()]);
    t = await startTestApp({
      env: {
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        MAIL_FROM: 'Riverside Recovery Center <no-reply@clinic.example>',
        SMS_API_URL: `http://127.0.0.1:${smsPort}/2010-04-01`,
        SMS_ACCOUNT_SID: 'AC0123',
        SMS_AUTH_TOKEN: 'token-4567',
        SMS_FROM: '+15550000000',
        MESSAGE_RETRY_BASE_MS: '20',
      },
    });
    org = await createOrganization(t.db);
    jobs = await MessageJobs.open(t);
  });
  afterAll(async () => {
    await jobs.close();
    await t.close();
    await Promise.all([smtp.close(), smsApi.close()]);
  });

  it('sends an email over SMTP from "Attune" (whatever MAIL_FROM names), then clears its body', async () => {
    const to = address();
    const arrival = smtp.arrival(to);
    const id = await jobs.send(email(to));
    const mail = await arrival;
    await jobs.finished(id);
    expect(mail.raw).toMatch(/^From: Attune <no-reply@clinic\.example>$/m);
    expect(mail.raw).not.toContain('Recovery');
    expect(mail.raw).toMatch(/^Subject: Your sign-in code$/m);
    expect(mail.raw).toContain('Your Attune code is 482913.');
    expect(await jobs.row(id)).toMatchObject({ status: 'sent', attempts: 1, body: null, last_error: null, sent_at: expect.any(Date) });
  });

  it('retries an email the server defers (451) and delivers it', async () => {
    const to = address();
    smtp.answer(to, [451]);
    const arrival = smtp.arrival(to);
    const id = await jobs.send(email(to));
    await arrival;
    await jobs.finished(id);
    expect(await jobs.row(id)).toMatchObject({ status: 'sent', attempts: 2, body: null, last_error: null });
    expect(smtp.mailTo(to)).toHaveLength(1);
  });

  it('fails an email the server refuses (550) at once, keeping no address in the error or the log', async () => {
    const to = address();
    smtp.answer(to, [550]);
    const id = await jobs.send(email(to));
    await jobs.finished(id);
    const row = await jobs.row(id);
    expect(row).toMatchObject({ status: 'failed', attempts: 1, body: null });
    expect(row.last_error).toContain('550');
    expect(row.last_error).not.toContain(to);
    expect(row.last_error).not.toContain('@');
    expect(t.logs.join('\n')).not.toContain(to);
  });

  it('fails an email after five deferrals (attempts exhausted)', async () => {
    const to = address();
    smtp.answer(to, [451, 451, 451, 451, 451, 451]);
    const id = await jobs.send(email(to));
    await jobs.finished(id);
    const row = await jobs.row(id);
    expect(row).toMatchObject({ status: 'failed', attempts: 5, body: null });
    expect(row.last_error).toContain('451');
    expect(row.last_error).not.toContain(to);
  });

  it('texts through the SMS API (Twilio-shaped), retrying after a 500', async () => {
    const to = fakePhone();
    smsApi.answer(to, [500]);
    const delivery = smsApi.delivery(to);
    const id = await jobs.send({ organizationId: org.id, recipientUserId: null, channel: 'sms', to, body: 'Attune code: 482913' });
    const sms = await delivery;
    await jobs.finished(id);
    expect(sms).toMatchObject({
      path: '/2010-04-01/Accounts/AC0123/Messages.json',
      authorization: `Basic ${Buffer.from('AC0123:token-4567').toString('base64')}`,
      contentType: 'application/x-www-form-urlencoded',
      form: { To: to, From: '+15550000000', Body: 'Attune code: 482913' },
    });
    expect(smsApi.requests.filter((r) => r.form.To === to).map((r) => r.status)).toEqual([500, 201]);
    expect(await jobs.row(id)).toMatchObject({ status: 'sent', attempts: 2, body: null, last_error: null });
  });

  it('fails a text the API refuses (400) without storing the number', async () => {
    const to = fakePhone();
    smsApi.answer(to, [400]);
    const id = await jobs.send({ organizationId: org.id, recipientUserId: null, channel: 'sms', to, body: 'Attune code: 111111' });
    await jobs.finished(id);
    const row = await jobs.row(id);
    expect(row).toMatchObject({ status: 'failed', attempts: 1, body: null });
    expect(row.last_error).toContain('400');
    expect(row.last_error).not.toContain(to.slice(2));
  });

  it('sends nothing for a repeated job: the guarded claim finds no queued row', async () => {
    const to = address();
    const arrival = smtp.arrival(to);
    const id = await jobs.send(email(to));
    await arrival;
    await jobs.finished(id);
    // A duplicate job under another id (e.g. enqueued twice before ids were derived), through BullMQ...
    await t.app.get(JobQueue).enqueue('deliverMessage', { messageId: id }, { jobId: `duplicate-${id}` });
    await jobs.finished(id, `duplicate-${id}`);
    // ...and a late retry, called directly.
    expect(await t.app.get(MessageDelivery).deliver(id, false)).toBe('not-claimed');
    expect(smtp.mailTo(to)).toHaveLength(1);
    expect(await jobs.row(id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  describe('reconciliation (PostgreSQL is the record; Redis only carries work)', () => {
    it('dispatches again a message whose job never reached Redis, once past the grace', async () => {
      const reconciler = t.app.get(MessageReconciler);
      const to = address();
      const arrival = smtp.arrival(to);
      const id = await jobs.send(email(to), { dispatch: false });
      expect((await reconciler.reconcile()).redispatched).toBe(0); // still within the grace
      t.clock.advance(31);
      expect(await reconciler.reconcile()).toEqual({ redispatched: 1, interrupted: 0 });
      await arrival;
      await jobs.finished(id);
      expect(await jobs.row(id)).toMatchObject({ status: 'sent', attempts: 1, body: null });
    });

    it('marks failed, never resends, a message left "sending" by a worker that died', async () => {
      const reconciler = t.app.get(MessageReconciler);
      const to = address();
      const id = await jobs.send(email(to), { dispatch: false });
      await t.db.query(`UPDATE outbound_message SET status = 'sending', attempts = 1 WHERE id = $1`, [id]);
      expect((await reconciler.reconcile()).interrupted).toBe(0); // within the lease: maybe still sending
      t.clock.advance(301);
      expect(await reconciler.reconcile()).toEqual({ redispatched: 0, interrupted: 1 });
      const row = await jobs.row(id);
      expect(row).toMatchObject({ status: 'failed', body: null });
      expect(row.last_error).toContain('interrupted');
      expect(smtp.mailTo(to)).toHaveLength(0);
    });
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createClient, createOrganization, type Org } from '@attune/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { messagesFor, notificationsFor, planReminders, reminder, waitUntil } from './support/reminders.js';

/**
 * An SMS API shaped like Twilio's that refuses numbers whose owner replied STOP the way Twilio does:
 * 400 with error code 21610 (quoting the number, as real APIs do).
 */
class StopAwareSmsApi {
  readonly optedOut = new Set<string>();
  readonly accepted: string[] = [];
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const to = new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get('To') ?? '';
      if (this.optedOut.has(to)) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 21610, message: `Attempt to send to unsubscribed recipient ${to}`, status: 400 }));
        return;
      }
      this.accepted.push(to);
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ sid: 'SM1' }));
    });
  });

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('a carrier-level opt-out (the person replied STOP)', () => {
  const smsApi = new StopAwareSmsApi();
  let t: TestApp;
  let org: Org;

  beforeAll(async () => {
    const port = await smsApi.start();
    t = await startTestApp({
      env: { SMS_API_URL: `http://127.0.0.1:${port}/2010-04-01`, SMS_ACCOUNT_SID: 'AC1', SMS_AUTH_TOKEN: 'token', SMS_FROM: '+15550000000', REMINDER_RECONCILE_INTERVAL_MS: '3600000' },
    });
    org = await createOrganization(t.db);
  });
  afterAll(async () => {
    await t.close();
    await smsApi.close();
  });

  it('is recorded from the refusal; later reminders, critical ones too, use the other channels', async () => {
    const client = await createClient(t.db, org);
    smsApi.optedOut.add(client.phone!);
    const due = (kind: 'check_in' | 'escalation') => ({
      organizationId: org.id,
      recipientUserId: client.userId,
      clientId: client.clientId,
      kind,
      subjectId: randomUUID(),
      slot: 'due',
      dueAt: t.clock.now(),
      subjectAt: null,
      channels: ['in_app' as const, 'sms' as const],
    });
    const [first] = await planReminders(t, [due('check_in')]);
    await waitUntil(async () => (await messagesFor(t, [first])).some((m) => m.status === 'failed'), 'text refused');
    const [message] = await messagesFor(t, [first]);
    expect(message.last_error).toContain('21610');
    expect(message.last_error).not.toContain(client.phone!.slice(2));
    const optOuts = await t.db.query<{ phone: string }[]>(`SELECT phone FROM sms_opt_out WHERE phone = $1`, [client.phone]);
    expect(optOuts).toHaveLength(1);
    expect(await notificationsFor(t, [first])).toHaveLength(1); // the app still had it

    const [routine, critical] = await planReminders(t, [due('check_in'), due('escalation')]);
    await waitUntil(async () => (await reminder(t, routine)).status === 'sent' && (await reminder(t, critical)).status === 'sent', 'both sent');
    expect(await messagesFor(t, [routine, critical])).toEqual([]);
    expect(await notificationsFor(t, [routine, critical])).toHaveLength(2);
    expect(smsApi.accepted).not.toContain(client.phone);
  });
});

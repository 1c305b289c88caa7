import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { INBOUND_SMS_PATH, twilioSignature } from '@attune/notifications';
import { createClient, createOrganization, type ClientRecord } from '@attune/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** The SMS provider's inbound webhook: STOP blocks texts to the number at once, START lifts it; only signed requests count. */
describe('inbound texts (the SMS provider webhook)', () => {
  const AUTH_TOKEN = 'provider-auth-token';
  let t: TestApp;
  let client: ClientRecord;

  beforeAll(async () => {
    t = await startTestApp({
      worker: false,
      env: { SMS_API_URL: 'http://127.0.0.1:9/2010-04-01', SMS_ACCOUNT_SID: 'AC1', SMS_AUTH_TOKEN: AUTH_TOKEN, SMS_FROM: '+15550000000' },
    });
    client = await createClient(t.db, await createOrganization(t.db));
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (params: Record<string, string>, signature = twilioSignature(AUTH_TOKEN, `${t.config.publicUrl}${INBOUND_SMS_PATH}`, params)) =>
    request(t.url).post(INBOUND_SMS_PATH).type('form').set('x-twilio-signature', signature).send(new URLSearchParams(params).toString());
  const optedOut = async (phone: string) => (await t.db.query<unknown[]>(`SELECT 1 FROM sms_opt_out WHERE phone = $1`, [phone])).length > 0;
  const text = (body: string, extra: Record<string, string> = {}) => ({ MessageSid: 'SM1', AccountSid: 'AC1', From: client.phone!, To: '+15550000000', Body: body, ...extra });

  it('records STOP (any carrier keyword, any case) and lifts it on START, answering empty TwiML', async () => {
    const res = await post(text(' stop ')).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/xml/);
    expect(res.text).toContain('<Response></Response>');
    expect(await optedOut(client.phone!)).toBe(true);
    await post(text('Start')).expect(200);
    expect(await optedOut(client.phone!)).toBe(false);
    // Twilio's own classification wins over the words.
    await post(text('please no more', { OptOutType: 'STOP' })).expect(200);
    expect(await optedOut(client.phone!)).toBe(true);
    await post(text('UNSTOP')).expect(200);
    await post(text('hello, is this my team?')).expect(200);
    expect(await optedOut(client.phone!)).toBe(false);
    expect(t.logs.join('\n')).not.toContain(client.phone!.slice(2));
  });

  it('refuses an unsigned or wrongly signed request, and a sender that is not a phone number, writing nothing', async () => {
    await post(text('STOP'), 'not-the-signature').expect(403);
    await request(t.url).post(INBOUND_SMS_PATH).type('form').send(new URLSearchParams(text('STOP')).toString()).expect(403);
    expect(await optedOut(client.phone!)).toBe(false);
    const bad = await post(text('STOP', { From: 'someone' })).expect(422);
    expect(bad.body.detail).toContain('From');
  });
});

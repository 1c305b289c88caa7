import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createClient, createOrganization, createStaff, fakePhone, type Org } from '@attune/testing';
import type { TestApp } from '../support/test-app.js';
import {
  codeIn,
  get,
  latestMessage,
  messageCount,
  newIp,
  otherCode,
  post,
  startIdentityApp,
  stopIdentityApp,
} from './support.js';

describe('clients sign in with a texted code', () => {
  let t: TestApp;
  let org: Org;
  beforeAll(async () => {
    t = await startIdentityApp();
    org = await createOrganization(t.db);
  });
  afterAll(async () => {
    await stopIdentityApp(t);
  });

  async function requestCode(phone: string): Promise<string> {
    await post(t, '/auth/sign-in/code-request', { phone }).expect(202);
    const [row] = await t.db.query(`SELECT id FROM user_account WHERE phone = $1`, [phone]);
    return codeIn((await latestMessage(t, row.id)).body);
  }

  it('texts a neutral six-digit code and signs in with it', async () => {
    const client = await createClient(t.db, org);
    const res = await post(t, '/auth/sign-in/code-request', { phone: client.phone }).expect(202);
    expect(res.body).toEqual({});
    const message = await latestMessage(t, client.userId);
    expect(message).toMatchObject({ channel: 'sms', toAddress: client.phone, subject: null });
    expect(message.body).toMatch(/^Your Attune code is \d{6}\. It expires in 10 minutes\.$/);
    const [stored] = await t.db.query(
      `SELECT secret_hash, attempts, expires_at FROM one_time_code WHERE user_id = $1 AND purpose = 'sign_in'`,
      [client.userId],
    );
    expect(stored.secret_hash).not.toContain(codeIn(message.body));
    expect(stored.expires_at.getTime()).toBe(
      t.clock.now().getTime() + t.config.durations.signInCodeTtl * 1000,
    );

    const signedIn = await post(t, '/auth/sign-in/code', {
      phone: client.phone,
      code: codeIn(message.body),
    }).expect(200);
    expect(signedIn.body.user).toEqual({ id: client.userId, role: 'client', organizationId: org.id });
    const me = await get(t, '/auth/me', signedIn.body.accessToken).expect(200);
    expect(me.body).toMatchObject({ id: client.userId, phone: client.phone, mfaEnabled: false });
  });

  it('answers 202 for an unknown number and sends nothing', async () => {
    const before = (await t.db.query(`SELECT count(*)::int AS n FROM outbound_message`))[0].n;
    await post(t, '/auth/sign-in/code-request', { phone: fakePhone() }).expect(202);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM outbound_message`))[0].n).toBe(before);
  });

  it('does not text staff: they sign in with a password', async () => {
    const staff = await createStaff(t.db, org, 'clinician');
    const phone = fakePhone();
    await t.db.query(`UPDATE user_account SET phone = $2 WHERE id = $1`, [staff.userId, phone]);
    await post(t, '/auth/sign-in/code-request', { phone }).expect(202);
    expect(await messageCount(t, staff.userId)).toBe(0);
  });

  it('refuses a wrong code with 401, and the right one still works afterwards', async () => {
    const client = await createClient(t.db, org);
    const code = await requestCode(client.phone!);
    const wrong = await post(t, '/auth/sign-in/code', { phone: client.phone, code: otherCode(code) }).expect(
      401,
    );
    const unknown = await post(t, '/auth/sign-in/code', { phone: fakePhone(), code }).expect(401);
    expect(wrong.body.detail).toBe(unknown.body.detail);
    await post(t, '/auth/sign-in/code', { phone: client.phone, code }).expect(200);
  });

  it('refuses an expired code', async () => {
    const client = await createClient(t.db, org);
    const code = await requestCode(client.phone!);
    t.clock.advance(t.config.durations.signInCodeTtl + 1);
    await post(t, '/auth/sign-in/code', { phone: client.phone, code }).expect(401);
  });

  it('accepts a code once', async () => {
    const client = await createClient(t.db, org);
    const code = await requestCode(client.phone!);
    await post(t, '/auth/sign-in/code', { phone: client.phone, code }).expect(200);
    await post(t, '/auth/sign-in/code', { phone: client.phone, code }).expect(401);
  });

  it('gives a code five attempts, then not even the right code works', async () => {
    const client = await createClient(t.db, org);
    const code = await requestCode(client.phone!);
    for (let i = 0; i < 5; i++)
      await post(t, '/auth/sign-in/code', { phone: client.phone, code: otherCode(code) }, newIp()).expect(
        401,
      );
    await post(t, '/auth/sign-in/code', { phone: client.phone, code }, newIp()).expect(401);
    const [row] = await t.db.query(`SELECT attempts FROM one_time_code WHERE user_id = $1`, [client.userId]);
    expect(row.attempts).toBe(5);
  });

  it('retires the earlier code when a new one is sent', async () => {
    const client = await createClient(t.db, org);
    const first = await requestCode(client.phone!);
    let second = await requestCode(client.phone!);
    while (second === first) second = await requestCode(client.phone!);
    await post(t, '/auth/sign-in/code', { phone: client.phone, code: first }).expect(401);
    await post(t, '/auth/sign-in/code', { phone: client.phone, code: second }).expect(200);
  });

  it('keeps phones and codes out of the log', async () => {
    const client = await createClient(t.db, org);
    const code = await requestCode(client.phone!);
    await post(t, '/auth/sign-in/code', { phone: client.phone, code }).expect(200);
    const logs = t.logs.join('\n');
    expect(logs).not.toContain(client.phone!);
    expect(logs).not.toContain(client.phone!.slice(1));
    expect(logs).not.toMatch(new RegExp(`\\b${code}\\b`));
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createClient, createOrganization, createStaff, type Org } from '@attune/testing';
import type { TestApp } from '../support/test-app.js';
import {
  GOOD_PASSWORD,
  get,
  latestMessage,
  messageCount,
  post,
  staffWithPassword,
  startIdentityApp,
  stopIdentityApp,
  tokenIn,
} from './support.js';

const NEW_PASSWORD = 'Quiet-harbour-lantern-7';

describe('password reset', () => {
  let t: TestApp;
  let org: Org;
  beforeAll(async () => {
    t = await startIdentityApp({ PUBLIC_URL: 'https://attune.example' });
    org = await createOrganization(t.db);
  });
  afterAll(async () => {
    await stopIdentityApp(t);
  });

  async function requestLink(email: string, userId: string): Promise<string> {
    await post(t, '/auth/password-reset/request', { email }).expect(202);
    return tokenIn((await latestMessage(t, userId)).body);
  }

  it('emails a one-time link, sets the new password and signs the account out everywhere', async () => {
    const staff = await staffWithPassword(t, org);
    const session = (
      await post(t, '/auth/sign-in', { email: staff.email, password: GOOD_PASSWORD }).expect(200)
    ).body;

    await post(t, '/auth/password-reset/request', { email: staff.email!.toUpperCase() }).expect(202);
    const message = await latestMessage(t, staff.userId);
    expect(message).toMatchObject({
      channel: 'email',
      toAddress: staff.email,
      subject: 'Reset your Attune password',
    });
    expect(message.body).toMatch(/https:\/\/attune\.example\/reset-password\?token=[A-Za-z0-9_-]{43}\n/);
    expect(message.body).toContain('within 1 hour');
    const token = tokenIn(message.body);
    expect(Buffer.from(token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    const stored = await t.db.query(
      `SELECT secret_hash FROM one_time_code WHERE user_id = $1 AND purpose = 'password_reset'`,
      [staff.userId],
    );
    expect(JSON.stringify(stored)).not.toContain(token);

    await post(t, '/auth/password-reset/confirm', { token, newPassword: NEW_PASSWORD }).expect(204);
    await get(t, '/auth/me', session.accessToken).expect(401);
    await post(t, '/auth/refresh', { refreshToken: session.refreshToken }).expect(401);
    await post(t, '/auth/sign-in', { email: staff.email, password: GOOD_PASSWORD }).expect(401);
    await post(t, '/auth/sign-in', { email: staff.email, password: NEW_PASSWORD }).expect(200);

    // The link worked once.
    const again = await post(t, '/auth/password-reset/confirm', {
      token,
      newPassword: 'Another-fine-password-9',
    }).expect(401);
    expect(again.body.detail).toBe('token: invalid, expired or already used');
  });

  it('answers 202 for an unknown email and sends nothing', async () => {
    const before = (await t.db.query(`SELECT count(*)::int AS n FROM outbound_message`))[0].n;
    await post(t, '/auth/password-reset/request', { email: 'no-such-person@example.test' }).expect(202);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM outbound_message`))[0].n).toBe(before);
  });

  it('sends nothing to invited or deactivated staff', async () => {
    const invited = await createStaff(t.db, org, 'clinician');
    await t.db.query(`UPDATE staff_member SET status = 'invited' WHERE user_id = $1`, [invited.userId]);
    await post(t, '/auth/password-reset/request', { email: invited.email }).expect(202);
    expect(await messageCount(t, invited.userId)).toBe(0);
  });

  it('refuses a weak password with 422 naming newPassword and changes nothing', async () => {
    const staff = await staffWithPassword(t, org);
    const session = (
      await post(t, '/auth/sign-in', { email: staff.email, password: GOOD_PASSWORD }).expect(200)
    ).body;
    const token = await requestLink(staff.email!, staff.userId);
    const snapshot = () =>
      Promise.all([
        t.db.query(`SELECT password_hash FROM user_account WHERE id = $1`, [staff.userId]),
        t.db.query(`SELECT consumed_at FROM one_time_code WHERE user_id = $1 ORDER BY created_at`, [
          staff.userId,
        ]),
        t.db.query(`SELECT revoked_at FROM auth_session WHERE user_id = $1`, [staff.userId]),
      ]);
    const before = await snapshot();

    for (const weak of [
      '',
      'short1!',
      'password1234',
      `${staff.email!.split('@')[0]}-2026!`,
      'abcdefghijklmnop',
    ]) {
      const res = await post(t, '/auth/password-reset/confirm', { token, newPassword: weak }).expect(422);
      expect(res.body.errors).toEqual([{ field: 'newPassword', message: expect.any(String) }]);
      if (weak) expect(JSON.stringify(res.body)).not.toContain(weak);
    }
    expect(await snapshot()).toEqual(before);
    await get(t, '/auth/me', session.accessToken).expect(200);
    // The link still works with a good password.
    await post(t, '/auth/password-reset/confirm', { token, newPassword: NEW_PASSWORD }).expect(204);
  });

  it('lets a client with an email set a password this way', async () => {
    const client = await createClient(t.db, org);
    const token = await requestLink(client.email!, client.userId);
    await post(t, '/auth/password-reset/confirm', { token, newPassword: NEW_PASSWORD }).expect(204);
    const res = await post(t, '/auth/sign-in', { email: client.email, password: NEW_PASSWORD }).expect(200);
    expect(res.body.user.role).toBe('client');
  });

  it('refuses an expired link', async () => {
    const staff = await staffWithPassword(t, org);
    const token = await requestLink(staff.email!, staff.userId);
    t.clock.advance(t.config.durations.passwordResetTtl + 1);
    await post(t, '/auth/password-reset/confirm', { token, newPassword: NEW_PASSWORD }).expect(401);
    await post(t, '/auth/sign-in', { email: staff.email, password: GOOD_PASSWORD }).expect(200);
  });

  it('refuses an unknown token and an earlier link once a newer one is sent', async () => {
    const staff = await staffWithPassword(t, org);
    const older = await requestLink(staff.email!, staff.userId);
    const newer = await requestLink(staff.email!, staff.userId);
    await post(t, '/auth/password-reset/confirm', { token: older, newPassword: NEW_PASSWORD }).expect(401);
    await post(t, '/auth/password-reset/confirm', {
      token: 'A'.repeat(43),
      newPassword: NEW_PASSWORD,
    }).expect(401);
    await post(t, '/auth/password-reset/confirm', { token: newer, newPassword: NEW_PASSWORD }).expect(204);
  });

  it('keeps reset tokens and emails out of the log', async () => {
    const staff = await staffWithPassword(t, org);
    const token = await requestLink(staff.email!, staff.userId);
    await post(t, '/auth/password-reset/confirm', { token, newPassword: NEW_PASSWORD }).expect(204);
    const logs = t.logs.join('\n');
    expect(logs).not.toContain(token);
    expect(logs).not.toContain(staff.email!);
    expect(logs).not.toContain(NEW_PASSWORD);
  });
});

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createClient, createOrganization, createStaff, type Org } from '@attune/testing';
import type { TestApp } from '../support/test-app.js';
import {
  GOOD_PASSWORD,
  get,
  lastAuditId,
  passwordHash,
  post,
  securityEvents,
  staffWithPassword,
  startIdentityApp,
  stopIdentityApp,
} from './support.js';

describe('sign-in with email and password', () => {
  let t: TestApp;
  let org: Org;
  beforeAll(async () => {
    t = await startIdentityApp();
    org = await createOrganization(t.db);
  });
  afterAll(async () => {
    await stopIdentityApp(t);
  });

  it('signs a staff member in: tokens, a session row and only a hash of the refresh token', async () => {
    const staff = await staffWithPassword(t, org);
    const res = await post(t, '/auth/sign-in', { email: staff.email, password: GOOD_PASSWORD }).expect(200);
    expect(res.body).toEqual({
      accessToken: expect.any(String),
      accessTokenExpiresAt: new Date(
        (Math.floor(t.clock.now().getTime() / 1000) + t.config.durations.accessTokenTtl) * 1000,
      ).toISOString(),
      refreshToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      refreshTokenExpiresAt: new Date(
        t.clock.now().getTime() + t.config.durations.refreshTokenTtl * 1000,
      ).toISOString(),
      user: { id: staff.userId, role: 'clinician', organizationId: org.id },
    });
    const sessions = await t.db.query(
      `SELECT id, revoked_at, mfa_verified FROM auth_session WHERE user_id = $1`,
      [staff.userId],
    );
    expect(sessions).toEqual([{ id: expect.any(String), revoked_at: null, mfa_verified: false }]);
    const tokens = await t.db.query(`SELECT token_hash FROM refresh_token WHERE session_id = $1`, [
      sessions[0].id,
    ]);
    expect(tokens).toEqual([
      { token_hash: createHash('sha256').update(res.body.refreshToken).digest('hex') },
    ]);

    const me = await get(t, '/auth/me', res.body.accessToken).expect(200);
    expect(me.body).toEqual({
      id: staff.userId,
      role: 'clinician',
      organizationId: org.id,
      email: staff.email,
      phone: null,
      timeZone: 'America/Chicago',
      mfaEnabled: false,
    });
  });

  it('signs a client with a password in, whatever case the email is typed in', async () => {
    const client = await createClient(t.db, org, { passwordHash: await passwordHash(t) });
    const res = await post(t, '/auth/sign-in', {
      email: `  ${client.email!.toUpperCase()}`,
      password: GOOD_PASSWORD,
    }).expect(200);
    expect(res.body.user).toEqual({ id: client.userId, role: 'client', organizationId: org.id });
  });

  it('answers a wrong password and an unknown email with the same 401', async () => {
    const staff = await staffWithPassword(t, org);
    const wrong = await post(t, '/auth/sign-in', {
      email: staff.email,
      password: 'Not-the-password-1',
    }).expect(401);
    const unknown = await post(t, '/auth/sign-in', {
      email: 'nobody-here@example.test',
      password: GOOD_PASSWORD,
    }).expect(401);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
    expect(wrong.body.detail).toBe(unknown.body.detail);
    expect(wrong.body.title).toBe(unknown.body.title);
    expect(Object.keys(wrong.body).sort()).toEqual(Object.keys(unknown.body).sort());
  });

  it('refuses invited staff (no password yet) and deactivated staff', async () => {
    const invited = await createStaff(t.db, org, 'peer_coach');
    await t.db.query(`UPDATE staff_member SET status = 'invited' WHERE user_id = $1`, [invited.userId]);
    await post(t, '/auth/sign-in', { email: invited.email, password: GOOD_PASSWORD }).expect(401);

    const gone = await staffWithPassword(t, org);
    await t.db.query(`UPDATE staff_member SET status = 'deactivated' WHERE user_id = $1`, [gone.userId]);
    await post(t, '/auth/sign-in', { email: gone.email, password: GOOD_PASSWORD }).expect(401);
  });

  it('refuses a disabled account even with the right password', async () => {
    const staff = await staffWithPassword(t, org);
    await t.db.query(`UPDATE user_account SET disabled_at = now() WHERE id = $1`, [staff.userId]);
    await post(t, '/auth/sign-in', { email: staff.email, password: GOOD_PASSWORD }).expect(401);
  });

  it('records sign-ins in the audit trail without the email', async () => {
    const since = await lastAuditId(t);
    const staff = await staffWithPassword(t, org);
    await post(t, '/auth/sign-in', { email: staff.email, password: 'Not-the-password-1' }).expect(401);
    await post(t, '/auth/sign-in', { email: staff.email, password: GOOD_PASSWORD }).expect(200);
    await post(t, '/auth/sign-in', { email: 'nobody-at-all@example.test', password: GOOD_PASSWORD }).expect(
      401,
    );
    const events = await securityEvents(t, since);
    expect(events.map((e) => [e.action, e.outcome, e.actor_user_id, e.subject_id, e.basis])).toEqual([
      ['auth.sign_in', 'denied', null, staff.userId, 'password'],
      ['auth.sign_in', 'allowed', staff.userId, null, 'password'],
      ['auth.sign_in', 'denied', null, null, 'password'],
    ]);
    expect(events[0].organization_id).toBe(org.id);
    expect(events[1].request_id).toEqual(expect.any(String));
    expect(JSON.stringify(events)).not.toContain('@');
  });

  it('keeps emails and passwords out of the log', async () => {
    const staff = await staffWithPassword(t, org);
    await post(t, '/auth/sign-in', { email: staff.email, password: GOOD_PASSWORD }).expect(200);
    await post(t, '/auth/sign-in', { email: staff.email, password: 'Not-the-password-1' }).expect(401);
    const logs = t.logs.join('\n');
    expect(logs).not.toContain(staff.email!);
    expect(logs).not.toContain(GOOD_PASSWORD);
    expect(logs).not.toContain('Not-the-password-1');
  });

  it('upgrades a hash made with weaker argon2 settings at sign-in', async () => {
    const argon2 = await import('argon2');
    const weak = await argon2.hash(GOOD_PASSWORD, {
      type: argon2.argon2id,
      memoryCost: 8192,
      timeCost: 1,
      parallelism: 1,
    });
    const staff = await createStaff(t.db, org, 'case_manager', { passwordHash: weak });
    await post(t, '/auth/sign-in', { email: staff.email, password: GOOD_PASSWORD }).expect(200);
    const [row] = await t.db.query(`SELECT password_hash FROM user_account WHERE id = $1`, [staff.userId]);
    expect(row.password_hash).not.toBe(weak);
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    await post(t, '/auth/sign-in', { email: staff.email, password: GOOD_PASSWORD }).expect(200);
  });
});

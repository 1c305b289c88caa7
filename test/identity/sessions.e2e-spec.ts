import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT } from 'jose/jwt/sign';
import { UnsecuredJWT } from 'jose/jwt/unsecured';
import request from 'supertest';
import { ACCESS_AUDIENCE } from '@attune/identity';
import { createOrganization, type Org, type Person } from '@attune/testing';
import type { TestApp } from '../support/test-app.js';
import {
  GOOD_PASSWORD,
  get,
  lastAuditId,
  post,
  securityEvents,
  staffWithPassword,
  startIdentityApp,
  stopIdentityApp,
} from './support.js';

describe('sessions: refresh rotation, sign-out and access tokens', () => {
  let t: TestApp;
  let org: Org;
  beforeAll(async () => {
    t = await startIdentityApp();
    org = await createOrganization(t.db);
  });
  afterAll(async () => {
    await stopIdentityApp(t);
  });

  const signIn = async (person: Person) =>
    (await post(t, '/auth/sign-in', { email: person.email, password: GOOD_PASSWORD }).expect(200)).body as {
      accessToken: string;
      refreshToken: string;
      user: object;
    };
  const refresh = (refreshToken: string) => post(t, '/auth/refresh', { refreshToken });
  const signOut = (accessToken: string) =>
    request(t.url).post('/api/v1/auth/sign-out').set('Authorization', `Bearer ${accessToken}`).send();

  it('rotates: a refresh token gives a new pair in the same session and is then used up', async () => {
    const staff = await staffWithPassword(t, org);
    const first = await signIn(staff);
    t.clock.advance(60);
    const second = (await refresh(first.refreshToken).expect(200)).body;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.user).toEqual(first.user);
    const sessions = await t.db.query(`SELECT id, expires_at FROM auth_session WHERE user_id = $1`, [
      staff.userId,
    ]);
    expect(sessions).toHaveLength(1);
    expect(sessions[0].expires_at.toISOString()).toBe(second.refreshTokenExpiresAt);
    const tokens = await t.db.query(
      `SELECT used_at FROM refresh_token WHERE session_id = $1 ORDER BY created_at`,
      [sessions[0].id],
    );
    expect(tokens.map((r: { used_at: Date | null }) => r.used_at !== null)).toEqual([true, false]);
    await get(t, '/auth/me', second.accessToken).expect(200);
    const third = (await refresh(second.refreshToken).expect(200)).body;
    await get(t, '/auth/me', third.accessToken).expect(200);
  });

  it('revokes the whole family when a rotated refresh token is presented again', async () => {
    const staff = await staffWithPassword(t, org);
    const since = await lastAuditId(t);
    const stolen = await signIn(staff);
    const legit = (await refresh(stolen.refreshToken).expect(200)).body;
    const reuse = await refresh(stolen.refreshToken).expect(401);
    expect(reuse.headers['content-type']).toContain('application/problem+json');
    await refresh(legit.refreshToken).expect(401);
    await get(t, '/auth/me', legit.accessToken).expect(401);
    await get(t, '/auth/me', stolen.accessToken).expect(401);
    const [session] = await t.db.query(
      `SELECT revoked_at, revoked_reason FROM auth_session WHERE user_id = $1`,
      [staff.userId],
    );
    expect(session.revoked_reason).toBe('refresh_reuse');
    const events = await securityEvents(t, since);
    expect(events.map((e) => `${String(e.action)}:${String(e.outcome)}`)).toContain(
      'auth.refresh_reuse:denied',
    );
    // Another device of the same person is not affected.
    const other = await signIn(staff);
    await get(t, '/auth/me', other.accessToken).expect(200);
  });

  it('refuses an expired refresh token', async () => {
    const staff = await staffWithPassword(t, org);
    const pair = await signIn(staff);
    t.clock.advance(t.config.durations.refreshTokenTtl + 1);
    await refresh(pair.refreshToken).expect(401);
  });

  it('refuses an unknown refresh token', async () => {
    await refresh(randomBytes(32).toString('base64url')).expect(401);
  });

  it('signs out: the access token and the refresh token stop working at once', async () => {
    const staff = await staffWithPassword(t, org);
    const pair = await signIn(staff);
    const other = await signIn(staff);
    await signOut(pair.accessToken).expect(204);
    await get(t, '/auth/me', pair.accessToken).expect(401);
    await refresh(pair.refreshToken).expect(401);
    await signOut(pair.accessToken).expect(401);
    await get(t, '/auth/me', other.accessToken).expect(200); // only this device
  });

  it('refuses an expired access token (moving the clock, not sleeping)', async () => {
    const staff = await staffWithPassword(t, org);
    const pair = await signIn(staff);
    await get(t, '/auth/me', pair.accessToken).expect(200);
    t.clock.advance(t.config.durations.accessTokenTtl + 1);
    const res = await get(t, '/auth/me', pair.accessToken).expect(401);
    expect(res.body.detail).toBe('access token: expired');
    // The refresh token is what the device uses now.
    const next = (await refresh(pair.refreshToken).expect(200)).body;
    await get(t, '/auth/me', next.accessToken).expect(200);
  });

  describe('refuses tokens Attune did not issue', () => {
    let staff: Person;
    let sessionId: string;
    beforeAll(async () => {
      staff = await staffWithPassword(t, org);
      await signIn(staff);
      [{ id: sessionId }] = await t.db.query(`SELECT id FROM auth_session WHERE user_id = $1`, [
        staff.userId,
      ]);
    });
    const claims = () => ({ org: org.id, role: 'clinician', sid: sessionId });
    const sign = (key: string, audience = ACCESS_AUDIENCE) => {
      const now = Math.floor(t.clock.now().getTime() / 1000);
      return new SignJWT(claims())
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(staff.userId)
        .setIssuer('attune')
        .setAudience(audience)
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .sign(new TextEncoder().encode(key));
    };

    it('accepts a well-made token for the live session (the control)', async () => {
      await get(t, '/auth/me', await sign(t.config.jwtSecret)).expect(200);
    });

    it('refuses one signed with another key', async () => {
      await get(t, '/auth/me', await sign(randomBytes(32).toString('hex'))).expect(401);
    });

    it('refuses one for another audience', async () => {
      await get(t, '/auth/me', await sign(t.config.jwtSecret, 'attune-other')).expect(401);
    });

    it('refuses alg "none"', async () => {
      const unsigned = new UnsecuredJWT(claims())
        .setSubject(staff.userId)
        .setIssuer('attune')
        .setAudience(ACCESS_AUDIENCE)
        .setExpirationTime('10m')
        .encode();
      await get(t, '/auth/me', unsigned).expect(401);
    });

    it('refuses no token, a malformed one and another scheme', async () => {
      await get(t, '/auth/me').expect(401);
      await get(t, '/auth/me', 'not.a.jwt').expect(401);
      await request(t.url)
        .get('/api/v1/auth/me')
        .set('Authorization', `Basic ${Buffer.from('a:b').toString('base64')}`)
        .expect(401);
    });
  });
});

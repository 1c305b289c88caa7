import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createClient, createOrganization, type Org, type Person } from '@attune/testing';
import type { TestApp } from '../support/test-app.js';
import {
  GOOD_PASSWORD,
  get,
  newIp,
  otherCode,
  passwordHash,
  post,
  securityEvents,
  lastAuditId,
  staffWithPassword,
  startIdentityApp,
  stopIdentityApp,
  totpCode,
} from './support.js';

describe('multi-factor sign-in for staff', () => {
  let t: TestApp;
  let org: Org;
  beforeAll(async () => {
    t = await startIdentityApp();
    org = await createOrganization(t.db);
  });
  afterAll(async () => {
    await stopIdentityApp(t);
  });

  const signIn = (person: Person, ip?: string) =>
    post(t, '/auth/sign-in', { email: person.email, password: GOOD_PASSWORD }, ip);
  const authed = (path: string, token: string, body: object = {}) =>
    request(t.url).post(`/api/v1${path}`).set('Authorization', `Bearer ${token}`).send(body);

  /** Enrols and confirms an authenticator for a signed-in staff member; returns the seed. */
  async function enableMfa(person: Person): Promise<string> {
    const { accessToken } = (await signIn(person).expect(200)).body;
    const { secret } = (await authed('/auth/mfa/enrol', accessToken).expect(200)).body as { secret: string };
    await authed('/auth/mfa/confirm', accessToken, { code: totpCode(t, secret) }).expect(204);
    t.clock.advance(30); // the confirming code is spent; the next sign-in needs the next one
    return secret;
  }

  it('enrols, confirms, then asks for a code at every sign-in', async () => {
    const staff = await staffWithPassword(t, org);
    const first = (await signIn(staff).expect(200)).body;
    const enrolment = await authed('/auth/mfa/enrol', first.accessToken).expect(200);
    expect(enrolment.body).toEqual({
      secret: expect.stringMatching(/^[A-Z2-7]{32}$/),
      otpauthUri: expect.stringMatching(/^otpauth:\/\/totp\/Attune:/),
    });
    const { secret } = enrolment.body;

    // Enrolment alone changes nothing; a wrong code does not switch it on.
    expect((await signIn(staff).expect(200)).body.accessToken).toBeDefined();
    const wrong = await authed('/auth/mfa/confirm', first.accessToken, {
      code: otherCode(totpCode(t, secret)),
    }).expect(422);
    expect(wrong.body.errors).toEqual([{ field: 'code', message: 'does not match the authenticator' }]);
    await authed('/auth/mfa/confirm', first.accessToken, { code: totpCode(t, secret) }).expect(204);
    expect((await get(t, '/auth/me', first.accessToken).expect(200)).body.mfaEnabled).toBe(true);
    const [session] = await t.db.query(
      `SELECT mfa_verified FROM auth_session WHERE user_id = $1 ORDER BY created_at LIMIT 1`,
      [staff.userId],
    );
    expect(session.mfa_verified).toBe(true);

    t.clock.advance(30);
    const challenge = await signIn(staff).expect(200);
    expect(challenge.body).toEqual({
      mfaRequired: true,
      mfaToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      mfaTokenExpiresAt: expect.any(String),
      enrolmentRequired: false,
    });
    expect(challenge.body.accessToken).toBeUndefined();

    const bad = await post(t, '/auth/sign-in/mfa', {
      mfaToken: challenge.body.mfaToken,
      code: otherCode(totpCode(t, secret)),
    }).expect(401);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const done = await post(t, '/auth/sign-in/mfa', {
      mfaToken: challenge.body.mfaToken,
      code: totpCode(t, secret),
    }).expect(200);
    expect(done.body.user).toEqual({ id: staff.userId, role: 'clinician', organizationId: org.id });
    await get(t, '/auth/me', done.body.accessToken).expect(200);
    const [latest] = await t.db.query(
      `SELECT mfa_verified FROM auth_session WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [staff.userId],
    );
    expect(latest.mfa_verified).toBe(true);

    // The challenge worked once.
    await post(t, '/auth/sign-in/mfa', {
      mfaToken: challenge.body.mfaToken,
      code: totpCode(t, secret),
    }).expect(401);
  });

  it('accepts each authenticator code once, even within its 30 seconds', async () => {
    const staff = await staffWithPassword(t, org);
    const secret = await enableMfa(staff);
    const code = totpCode(t, secret);
    const a = (await signIn(staff).expect(200)).body.mfaToken;
    await post(t, '/auth/sign-in/mfa', { mfaToken: a, code }).expect(200);
    const b = (await signIn(staff).expect(200)).body.mfaToken;
    await post(t, '/auth/sign-in/mfa', { mfaToken: b, code }).expect(401);
    t.clock.advance(30);
    await post(t, '/auth/sign-in/mfa', { mfaToken: b, code: totpCode(t, secret) }).expect(200);
  });

  it('keeps the seed encrypted in the database', async () => {
    const staff = await staffWithPassword(t, org);
    const { accessToken } = (await signIn(staff).expect(200)).body;
    const { secret } = (await authed('/auth/mfa/enrol', accessToken).expect(200)).body;
    const [row] = await t.db.query(`SELECT totp_secret FROM user_account WHERE id = $1`, [staff.userId]);
    expect(row.totp_secret).toMatch(/^v1\./);
    expect(row.totp_secret).not.toContain(secret);
  });

  it('forces the flow when the organisation requires MFA: enrol with the mfaToken, then sign in with the first code', async () => {
    const strict = await createOrganization(t.db, undefined, true);
    const staff = await staffWithPassword(t, strict, 'supervisor');
    const since = await lastAuditId(t);
    const challenge = (await signIn(staff).expect(200)).body;
    expect(challenge).toMatchObject({ mfaRequired: true, enrolmentRequired: true });

    await post(t, '/auth/sign-in/mfa', { mfaToken: challenge.mfaToken, code: '123456' }).expect(409);
    const enrolment = await post(t, '/auth/sign-in/mfa/enrol', { mfaToken: challenge.mfaToken }).expect(200);
    const { secret } = enrolment.body;
    await post(t, '/auth/sign-in/mfa', {
      mfaToken: challenge.mfaToken,
      code: otherCode(totpCode(t, secret)),
    }).expect(401);
    const done = await post(t, '/auth/sign-in/mfa', {
      mfaToken: challenge.mfaToken,
      code: totpCode(t, secret),
    }).expect(200);
    expect((await get(t, '/auth/me', done.body.accessToken).expect(200)).body.mfaEnabled).toBe(true);

    const actions = (await securityEvents(t, since)).map((e) => `${String(e.action)}:${String(e.outcome)}`);
    expect(actions).toEqual([
      'auth.mfa_challenge:allowed',
      'auth.mfa_enrol:allowed',
      'auth.sign_in:denied',
      'auth.mfa_enabled:allowed',
      'auth.sign_in:allowed',
    ]);

    // From now on it is the ordinary second step.
    t.clock.advance(30);
    expect((await signIn(staff).expect(200)).body.enrolmentRequired).toBe(false);
  });

  it('never lets an mfaToken replace an authenticator that is already on', async () => {
    const staff = await staffWithPassword(t, org);
    await enableMfa(staff);
    const { mfaToken } = (await signIn(staff).expect(200)).body;
    await post(t, '/auth/sign-in/mfa/enrol', { mfaToken }).expect(409);
  });

  it('refuses re-enrolment while signed in once MFA is on, and refuses clients', async () => {
    const staff = await staffWithPassword(t, org);
    const secret = await enableMfa(staff);
    const { mfaToken } = (await signIn(staff).expect(200)).body;
    const { accessToken } = (
      await post(t, '/auth/sign-in/mfa', { mfaToken, code: totpCode(t, secret) }).expect(200)
    ).body;
    await authed('/auth/mfa/enrol', accessToken).expect(409);

    const client = await createClient(t.db, org, { passwordHash: await passwordHash(t) });
    const clientToken = (
      await post(t, '/auth/sign-in', { email: client.email, password: GOOD_PASSWORD }).expect(200)
    ).body.accessToken;
    await authed('/auth/mfa/enrol', clientToken).expect(403);
  });

  it('kills a challenge after five wrong codes, and when it expires', async () => {
    const staff = await staffWithPassword(t, org);
    const secret = await enableMfa(staff);
    const ip = newIp();
    const { mfaToken } = (await signIn(staff, ip).expect(200)).body;
    for (let i = 0; i < 5; i++)
      await post(t, '/auth/sign-in/mfa', { mfaToken, code: otherCode(totpCode(t, secret)) }, ip).expect(401);
    await post(t, '/auth/sign-in/mfa', { mfaToken, code: totpCode(t, secret) }, newIp()).expect(401);

    // Those five wrong codes count against the account; a success clears them before the next part.
    const next = (await signIn(staff).expect(200)).body.mfaToken;
    await post(t, '/auth/sign-in/mfa', { mfaToken: next, code: totpCode(t, secret) }).expect(200);

    const late = (await signIn(staff).expect(200)).body.mfaToken;
    t.clock.advance(t.config.durations.signInCodeTtl + 1);
    await post(t, '/auth/sign-in/mfa', { mfaToken: late, code: totpCode(t, secret) }).expect(401);
  });

  it('needs a token to enrol or confirm', async () => {
    await request(t.url).post('/api/v1/auth/mfa/enrol').send({}).expect(401);
    await request(t.url).post('/api/v1/auth/mfa/confirm').send({ code: '123456' }).expect(401);
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Invitations } from '@attune/identity';
import { Outbox } from '@attune/notifications';
import { createOrganization, createStaff, type Org, type Person } from '@attune/testing';
import type { TestApp } from '../support/test-app.js';
import {
  GOOD_PASSWORD,
  get,
  lastAuditId,
  latestMessage,
  post,
  securityEvents,
  startIdentityApp,
  stopIdentityApp,
  tokenIn,
  totpCode,
} from './support.js';

describe('staff invitations', () => {
  let t: TestApp;
  let org: Org;
  beforeAll(async () => {
    t = await startIdentityApp({ PUBLIC_URL: 'https://attune.example' });
    org = await createOrganization(t.db);
  });
  afterAll(async () => {
    await stopIdentityApp(t);
  });

  /** What care does when an admin invites someone: an account without password, an invited staff row, the email. */
  async function invite(
    organization: Org,
    invitedBy?: Person,
  ): Promise<{ userId: string; email: string; token: string }> {
    const email = `invitee-${Math.random().toString(36).slice(2, 10)}@example.test`;
    const [user] = await t.db.query(
      `INSERT INTO user_account (organization_id, role, email, time_zone) VALUES ($1, 'clinician', $2, 'America/Denver') RETURNING id`,
      [organization.id, email],
    );
    await t.db.query(
      `INSERT INTO staff_member (user_id, organization_id, display_name, status) VALUES ($1, $2, 'New Clinician', 'invited')`,
      [user.id, organization.id],
    );
    const messageId = await t.db.transaction((tx) =>
      t.app
        .get(Invitations)
        .issue(
          tx,
          { id: user.id, organizationId: organization.id, email },
          invitedBy && { userId: invitedBy.userId, role: invitedBy.role },
        ),
    );
    expect(messageId).toEqual(expect.any(String));
    await t.app.get(Outbox).dispatch(messageId);
    return { userId: user.id, email, token: tokenIn((await latestMessage(t, user.id)).body) };
  }

  it('emails a neutral link; accepting sets the password, activates the member and signs them in', async () => {
    const admin = await createStaff(t.db, org, 'admin');
    const since = await lastAuditId(t);
    const invited = await invite(org, admin);
    const message = await latestMessage(t, invited.userId);
    expect(message).toMatchObject({
      channel: 'email',
      toAddress: invited.email,
      subject: 'You have been invited to join your team on Attune',
    });
    expect(message.body).toContain('https://attune.example/accept-invitation?token=');
    expect(message.body).toContain('within 7 days');

    // Before accepting there is no way in.
    await post(t, '/auth/sign-in', { email: invited.email, password: GOOD_PASSWORD }).expect(401);

    const res = await post(t, '/auth/invitations/accept', {
      token: invited.token,
      password: GOOD_PASSWORD,
    }).expect(200);
    expect(res.body.user).toEqual({ id: invited.userId, role: 'clinician', organizationId: org.id });
    const me = await get(t, '/auth/me', res.body.accessToken).expect(200);
    expect(me.body).toMatchObject({ email: invited.email, timeZone: 'America/Denver' });
    const [staff] = await t.db.query(`SELECT status FROM staff_member WHERE user_id = $1`, [invited.userId]);
    expect(staff.status).toBe('active');
    await post(t, '/auth/sign-in', { email: invited.email, password: GOOD_PASSWORD }).expect(200);

    // The link worked once.
    await post(t, '/auth/invitations/accept', {
      token: invited.token,
      password: 'Another-fine-password-9',
    }).expect(401);

    const events = await securityEvents(t, since);
    expect(events[0]).toMatchObject({
      action: 'auth.invitation_issued',
      actor_user_id: admin.userId,
      subject_id: invited.userId,
      organization_id: org.id,
    });
    expect(events.map((e) => e.action)).toContain('auth.invitation_accepted');
  });

  it('refuses a weak password with 422 naming password, and the link stays usable', async () => {
    const invited = await invite(org);
    const res = await post(t, '/auth/invitations/accept', {
      token: invited.token,
      password: 'tooshort',
    }).expect(422);
    expect(res.body.errors).toEqual([{ field: 'password', message: expect.stringContaining('12') }]);
    const [staff] = await t.db.query(
      `SELECT s.status, u.password_hash FROM staff_member s JOIN user_account u ON u.id = s.user_id WHERE s.user_id = $1`,
      [invited.userId],
    );
    expect(staff).toEqual({ status: 'invited', password_hash: null });
    await post(t, '/auth/invitations/accept', { token: invited.token, password: GOOD_PASSWORD }).expect(200);
  });

  it('refuses an expired invitation', async () => {
    const invited = await invite(org);
    t.clock.advance(t.config.durations.invitationTtl + 1);
    await post(t, '/auth/invitations/accept', { token: invited.token, password: GOOD_PASSWORD }).expect(401);
  });

  it('refuses an unknown token, and an invitation replaced by a newer one', async () => {
    await post(t, '/auth/invitations/accept', { token: 'B'.repeat(43), password: GOOD_PASSWORD }).expect(401);
    const invited = await invite(org);
    const messageId = await t.db.transaction((tx) =>
      t.app.get(Invitations).issue(tx, { id: invited.userId, organizationId: org.id, email: invited.email }),
    );
    expect(messageId).toBeDefined();
    await post(t, '/auth/invitations/accept', { token: invited.token, password: GOOD_PASSWORD }).expect(401);
    const newer = tokenIn((await latestMessage(t, invited.userId)).body);
    await post(t, '/auth/invitations/accept', { token: newer, password: GOOD_PASSWORD }).expect(200);
  });

  it('answers with the MFA challenge when the organisation requires MFA', async () => {
    const strict = await createOrganization(t.db, undefined, true);
    const invited = await invite(strict);
    const res = await post(t, '/auth/invitations/accept', {
      token: invited.token,
      password: GOOD_PASSWORD,
    }).expect(200);
    expect(res.body).toMatchObject({ mfaRequired: true, enrolmentRequired: true });
    const { secret } = (await post(t, '/auth/sign-in/mfa/enrol', { mfaToken: res.body.mfaToken }).expect(200))
      .body;
    const done = await post(t, '/auth/sign-in/mfa', {
      mfaToken: res.body.mfaToken,
      code: totpCode(t, secret),
    }).expect(200);
    expect(done.body.user.id).toBe(invited.userId);
  });

  it('rolls the invitation back with the caller’s transaction', async () => {
    const [user] = await t.db.query(
      `INSERT INTO user_account (organization_id, role, email, time_zone) VALUES ($1, 'peer_coach', 'rollback@example.test', 'UTC') RETURNING id`,
      [org.id],
    );
    await expect(
      t.db.transaction(async (tx) => {
        await t.app
          .get(Invitations)
          .issue(tx, { id: user.id, organizationId: org.id, email: 'rollback@example.test' });
        throw new Error('admin request failed later');
      }),
    ).rejects.toThrow('admin request failed later');
    expect(await t.db.query(`SELECT id FROM one_time_code WHERE user_id = $1`, [user.id])).toEqual([]);
    expect(
      await t.db.query(`SELECT id FROM outbound_message WHERE recipient_user_id = $1`, [user.id]),
    ).toEqual([]);
  });
});

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig, Problem } from '@attune/platform';
import { Outbox } from '@attune/notifications';
import { SignInAccounts } from '../accounts/sign-in-accounts.js';
import { OneTimeCodes } from '../codes/one-time-codes.js';
import { requireStrongPassword } from '../credentials/new-password.js';
import { PasswordHasher } from '../credentials/password-hasher.js';
import { returnedRows } from '../database/returned-rows.js';
import { invitationEmail } from '../messages/sign-in-messages.js';
import type { Role } from '../roles.js';
import { SecurityLog } from '../security/security-log.js';
import type { SignInOutcome } from '../sign-in/sign-in-outcome.js';
import { SignInCompletion } from '../sign-in/sign-in-completion.js';
import { SignInThrottle } from '../throttle/sign-in-throttle.js';

export interface InvitedStaff {
  id: string;
  organizationId: string;
  email: string;
}

const INVALID_INVITATION = 'token: invalid, expired or already used';

/**
 * Staff join by invitation: care creates the account (no password) and the staff_member row ('invited')
 * and calls `issue`; the person opens the emailed link, chooses a password and is signed in.
 */
@Injectable()
export class Invitations {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly accounts: SignInAccounts,
    private readonly codes: OneTimeCodes,
    private readonly hasher: PasswordHasher,
    private readonly outbox: Outbox,
    private readonly throttle: SignInThrottle,
    private readonly completion: SignInCompletion,
    private readonly security: SecurityLog,
  ) {}

  /**
   * Creates the invitation link and stages its email in the caller's transaction (an earlier link for
   * the same person stops working). Returns the outbound message id: call `Outbox.dispatch(id)` after commit.
   */
  async issue(
    tx: EntityManager,
    user: InvitedStaff,
    invitedBy?: { userId: string; role: Role },
  ): Promise<string> {
    const ttl = this.config.durations.invitationTtl;
    const { token } = await this.codes.issueToken(tx, user.id, 'invitation', ttl);
    await this.security.record(
      {
        action: 'auth.invitation_issued',
        outcome: 'allowed',
        account: { id: user.id, organizationId: user.organizationId },
        actor: invitedBy ?? null,
      },
      tx,
    );
    const text = invitationEmail(`${this.config.publicUrl}/accept-invitation?token=${token}`, ttl);
    return this.outbox.stage(tx, {
      organizationId: user.organizationId,
      recipientUserId: user.id,
      channel: 'email',
      to: user.email,
      ...text,
    });
  }

  /** Sets the first password, activates the staff member, and signs them in (or challenges for MFA). */
  async accept(token: string, password: string, ip: string): Promise<SignInOutcome> {
    const ipKey = this.throttle.forIp(ip);
    await this.throttle.refuseIfLocked(ipKey);
    const invitation = await this.codes.findToken('invitation', token);
    const account = invitation ? await this.accounts.byId(this.db.manager, invitation.userId) : null;
    if (!invitation || !account || account.staffStatus !== 'invited' || account.disabled) {
      await this.throttle.recordFailure(ipKey);
      await this.security.record({
        action: 'auth.invitation_accepted',
        outcome: 'denied',
        account,
        method: 'invitation',
      });
      throw Problem.unauthorized(INVALID_INVITATION);
    }
    requireStrongPassword('password', password, account.email);
    const passwordHash = await this.hasher.hash(password);
    const accepted = await this.db.transaction(async (tx) => {
      if (!(await this.codes.consume(tx, invitation.id))) return false;
      const activated: unknown[] = await tx.query(
        `UPDATE staff_member SET status = 'active' WHERE user_id = $1 AND status = 'invited' RETURNING user_id`,
        [account.id],
      );
      if (returnedRows(activated).length !== 1) return false;
      await tx.query(`UPDATE user_account SET password_hash = $2 WHERE id = $1`, [account.id, passwordHash]);
      await this.security.record(
        { action: 'auth.invitation_accepted', outcome: 'allowed', account, method: 'invitation' },
        tx,
      );
      return true;
    });
    if (!accepted) throw Problem.unauthorized(INVALID_INVITATION);
    const active = await this.accounts.byId(this.db.manager, account.id);
    if (!active?.canSignIn) throw Problem.unauthorized(INVALID_INVITATION);
    return this.completion.afterFirstFactor(active, 'invitation');
  }
}

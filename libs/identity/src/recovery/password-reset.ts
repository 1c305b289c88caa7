import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, Problem, Rooms } from '@attune/platform';
import { Outbox } from '@attune/notifications';
import { SignInAccounts } from '../accounts/sign-in-accounts.js';
import { OneTimeCodes } from '../codes/one-time-codes.js';
import { requireStrongPassword } from '../credentials/new-password.js';
import { PasswordHasher } from '../credentials/password-hasher.js';
import { passwordResetEmail } from '../messages/sign-in-messages.js';
import { SecurityLog } from '../security/security-log.js';
import { Sessions } from '../sessions/sessions.js';
import { SignInThrottle } from '../throttle/sign-in-throttle.js';

export const INVALID_LINK = 'token: invalid, expired or already used';

/**
 * Forgotten passwords: a one-time link by email, then a new password. The request answers the same for
 * any email. Setting the password ends every session of the account, since whoever else knew the old
 * password may be signed in somewhere.
 */
@Injectable()
export class PasswordReset {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly accounts: SignInAccounts,
    private readonly codes: OneTimeCodes,
    private readonly hasher: PasswordHasher,
    private readonly sessions: Sessions,
    private readonly outbox: Outbox,
    private readonly throttle: SignInThrottle,
    private readonly security: SecurityLog,
  ) {}

  async request(email: string, ip: string): Promise<void> {
    await this.throttle.countSend(this.throttle.forEmail(email), this.throttle.forIp(ip));
    const account = await this.accounts.byEmail(this.db.manager, email);
    // Invited staff accept their invitation instead; disabled and deactivated accounts get nothing.
    if (!account?.canSignIn || !account.email) {
      await this.security.record({ action: 'auth.password_reset_requested', outcome: 'denied', account });
      return;
    }
    const ttl = this.config.durations.passwordResetTtl;
    const to = account.email;
    const messageId = await this.db.transaction(async (tx) => {
      const { token } = await this.codes.issueToken(tx, account.id, 'password_reset', ttl);
      await this.security.record(
        { action: 'auth.password_reset_requested', outcome: 'allowed', account },
        tx,
      );
      const text = passwordResetEmail(`${this.config.publicUrl}/reset-password?token=${token}`, ttl);
      return this.outbox.stage(tx, {
        organizationId: account.organizationId,
        recipientUserId: account.id,
        channel: 'email',
        to,
        ...text,
      });
    });
    await this.outbox.dispatch(messageId);
  }

  /** 401 for a bad link, 422 for a weak password (the link stays usable), 204 otherwise. */
  async confirm(token: string, newPassword: string, ip: string): Promise<void> {
    const ipKey = this.throttle.forIp(ip);
    await this.throttle.refuseIfLocked(ipKey);
    const link = await this.codes.findToken('password_reset', token);
    const account = link ? await this.accounts.byId(this.db.manager, link.userId) : null;
    if (!link || !account?.canSignIn) {
      await this.throttle.recordFailure(ipKey);
      await this.security.record({
        action: 'auth.password_reset',
        outcome: 'denied',
        account,
        method: 'reset_link',
      });
      throw Problem.unauthorized(INVALID_LINK);
    }
    requireStrongPassword('newPassword', newPassword, account.email);
    const passwordHash = await this.hasher.hash(newPassword);
    const changed = await this.db.transaction(async (tx) => {
      if (!(await this.codes.consume(tx, link.id))) return false;
      await tx.query(`UPDATE user_account SET password_hash = $2 WHERE id = $1`, [account.id, passwordHash]);
      await this.codes.retire(tx, account.id, 'password_reset');
      await this.codes.retire(tx, account.id, 'mfa_challenge'); // challenges earned with the old password
      await this.sessions.endAllOf(tx, account.id, 'password_reset');
      await this.security.record(
        { action: 'auth.password_reset', outcome: 'allowed', account, method: 'reset_link' },
        tx,
      );
      return true;
    });
    if (!changed) throw Problem.unauthorized(INVALID_LINK);
    this.sessions.closeSockets(Rooms.user(account.id));
    // Whoever holds the mailbox has proven it: earlier wrong passwords no longer lock them out.
    if (account.email) await this.throttle.recordSuccess(this.throttle.forEmail(account.email));
  }
}

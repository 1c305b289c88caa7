import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Problem } from '@attune/platform';
import { SignInAccounts } from '../accounts/sign-in-accounts.js';
import { type Actor, isStaff } from '../roles.js';
import { SecurityLog } from '../security/security-log.js';
import { Sessions } from '../sessions/sessions.js';
import { Authenticators } from './authenticators.js';
import type { NewAuthenticator } from './totp.js';

/** A signed-in staff member adds an authenticator app: enrol (seed + QR URI), then confirm with a code. */
@Injectable()
export class MfaEnrolment {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly accounts: SignInAccounts,
    private readonly authenticators: Authenticators,
    private readonly sessions: Sessions,
    private readonly security: SecurityLog,
  ) {}

  async begin(actor: Actor): Promise<NewAuthenticator> {
    const account = await this.staffAccount(actor);
    const enrolment = await this.authenticators.beginEnrolment(account.id, account.email ?? account.id);
    await this.security.record({ action: 'auth.mfa_enrol', outcome: 'allowed', account });
    return enrolment;
  }

  /** Turns the pending authenticator on; the current session counts as MFA-verified from now. */
  async confirm(actor: Actor, code: string): Promise<void> {
    const account = await this.staffAccount(actor);
    if (account.totpEnabledAt) throw Problem.conflict('mfa', 'already enabled');
    if (!account.totpSecret) throw Problem.conflict('mfa', 'enrol first');
    if (!(await this.authenticators.verify(account, code, { enable: true }))) {
      await this.security.record({
        action: 'auth.mfa_enabled',
        outcome: 'denied',
        account,
        actor: { userId: actor.userId, role: actor.role },
      });
      throw Problem.invalid('code', 'does not match the authenticator');
    }
    await this.sessions.markMfaVerified(actor.sessionId);
    await this.security.record({ action: 'auth.mfa_enabled', outcome: 'allowed', account, method: 'totp' });
  }

  private async staffAccount(actor: Actor) {
    if (!isStaff(actor)) throw Problem.forbidden('mfa: authenticator apps are for staff accounts');
    const account = await this.accounts.byId(this.db.manager, actor.userId);
    if (!account || account.organizationId !== actor.organizationId) throw Problem.unauthorized();
    return account;
  }
}

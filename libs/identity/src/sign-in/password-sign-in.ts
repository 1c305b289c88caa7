import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Problem } from '@attune/platform';
import { SignInAccounts, type SignInAccount } from '../accounts/sign-in-accounts.js';
import { PasswordHasher } from '../credentials/password-hasher.js';
import { SecurityLog } from '../security/security-log.js';
import { SignInThrottle } from '../throttle/sign-in-throttle.js';
import { SignInCompletion } from './sign-in-completion.js';
import type { SignInOutcome } from './sign-in-outcome.js';

/** One message for every refusal, so the answer never says whether the email is registered. */
export const WRONG_CREDENTIALS = 'email or password: not recognised';

/** Staff and clients with a password sign in with their email. */
@Injectable()
export class PasswordSignIn {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly accounts: SignInAccounts,
    private readonly hasher: PasswordHasher,
    private readonly throttle: SignInThrottle,
    private readonly completion: SignInCompletion,
    private readonly security: SecurityLog,
  ) {}

  async signIn(email: string, password: string, ip: string): Promise<SignInOutcome> {
    const keys = [this.throttle.forEmail(email), this.throttle.forIp(ip)] as const;
    await this.throttle.refuseIfLocked(...keys);
    const account = await this.accounts.byEmail(this.db.manager, email);
    const passwordMatches = account?.passwordHash
      ? await this.hasher.verify(account.passwordHash, password)
      : await this.hasher.verifyNothing(password);
    if (!account || !passwordMatches || !account.canSignIn) {
      await this.throttle.recordFailure(...keys);
      await this.security.record({ action: 'auth.sign_in', outcome: 'denied', account, method: 'password' });
      throw Problem.unauthorized(WRONG_CREDENTIALS);
    }
    await this.upgradeHash(account, password);
    const outcome = await this.completion.afterFirstFactor(account, 'password');
    // Only a complete sign-in clears the account's failures: clearing them at the password step would
    // give whoever knows the password fresh TOTP guesses with every challenge.
    if (!('mfaRequired' in outcome)) await this.throttle.recordSuccess(keys[0]);
    return outcome;
  }

  /** Re-hashes with today's argon2 settings while the password is at hand. */
  private async upgradeHash(account: SignInAccount, password: string): Promise<void> {
    if (!account.passwordHash || !this.hasher.needsRehash(account.passwordHash)) return;
    await this.db.query(`UPDATE user_account SET password_hash = $2 WHERE id = $1 AND password_hash = $3`, [
      account.id,
      await this.hasher.hash(password),
      account.passwordHash,
    ]);
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Problem } from '@attune/platform';
import { SignInAccounts, type SignInAccount } from '../accounts/sign-in-accounts.js';
import { OneTimeCodes, type OpenCode } from '../codes/one-time-codes.js';
import { Authenticators } from '../mfa/authenticators.js';
import type { NewAuthenticator } from '../mfa/totp.js';
import { SecurityLog } from '../security/security-log.js';
import type { TokenPair } from '../sessions/token-pair.js';
import { SignInThrottle, type ThrottleKey } from '../throttle/sign-in-throttle.js';
import { SignInCompletion } from './sign-in-completion.js';

const WRONG_CODE = 'mfaToken or code: not recognised';

/**
 * The second step of a staff sign-in. The MFA token proves the password step; the code proves the
 * authenticator. A challenge takes at most five codes, and each wrong one also counts against the
 * account's sign-in failures, so guessing codes is bounded twice.
 */
@Injectable()
export class MfaSignIn {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly codes: OneTimeCodes,
    private readonly accounts: SignInAccounts,
    private readonly authenticators: Authenticators,
    private readonly throttle: SignInThrottle,
    private readonly completion: SignInCompletion,
    private readonly security: SecurityLog,
  ) {}

  async complete(mfaToken: string, code: string, ip: string): Promise<TokenPair> {
    const { challenge, account, accountKey, ipKey } = await this.open(mfaToken, ip);
    if (!account.totpEnabledAt && !account.totpSecret)
      throw Problem.conflict('mfaToken', 'enrol an authenticator first');
    const right =
      (await this.codes.spendAttempt(challenge.id)) &&
      (await this.authenticators.verify(account, code, { enable: true }));
    if (!right) {
      await this.throttle.recordFailure(accountKey, ipKey);
      await this.security.record({ action: 'auth.sign_in', outcome: 'denied', account, method: 'totp' });
      throw Problem.unauthorized(WRONG_CODE);
    }
    if (!(await this.codes.consume(this.db.manager, challenge.id))) throw Problem.unauthorized(WRONG_CODE);
    if (!account.totpEnabledAt)
      await this.security.record({ action: 'auth.mfa_enabled', outcome: 'allowed', account, method: 'totp' });
    const tokens = await this.completion.signIn(account, 'totp', true);
    await this.throttle.recordSuccess(accountKey);
    return tokens;
  }

  /**
   * Enrolment during sign-in, for staff whose organisation requires MFA and who have no authenticator.
   * Refused (409) once MFA is on: the password alone must never be enough to replace an authenticator.
   */
  async enrol(mfaToken: string, ip: string): Promise<NewAuthenticator> {
    const { account } = await this.open(mfaToken, ip);
    const enrolment = await this.authenticators.beginEnrolment(account.id, account.email ?? account.id);
    await this.security.record({ action: 'auth.mfa_enrol', outcome: 'allowed', account, method: 'password' });
    return enrolment;
  }

  /** The challenge and its account, or 401; 429 when the account or the IP is locked. */
  private async open(
    mfaToken: string,
    ip: string,
  ): Promise<{ challenge: OpenCode; account: SignInAccount; accountKey: ThrottleKey; ipKey: ThrottleKey }> {
    const ipKey = this.throttle.forIp(ip);
    await this.throttle.refuseIfLocked(ipKey);
    const challenge = await this.codes.findToken('mfa_challenge', mfaToken);
    const account = challenge ? await this.accounts.byId(this.db.manager, challenge.userId) : null;
    if (!challenge || !account?.canSignIn || !account.email) {
      await this.throttle.recordFailure(ipKey);
      await this.security.record({ action: 'auth.sign_in', outcome: 'denied', account, method: 'totp' });
      throw Problem.unauthorized(WRONG_CODE);
    }
    const accountKey = this.throttle.forEmail(account.email);
    await this.throttle.refuseIfLocked(accountKey);
    return { challenge, account, accountKey, ipKey };
  }
}

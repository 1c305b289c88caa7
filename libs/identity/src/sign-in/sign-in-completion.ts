import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '@attune/platform';
import type { SignInAccount } from '../accounts/sign-in-accounts.js';
import { OneTimeCodes } from '../codes/one-time-codes.js';
import { SecurityLog, type SignInMethod } from '../security/security-log.js';
import { Sessions } from '../sessions/sessions.js';
import type { TokenPair } from '../sessions/token-pair.js';
import { mfaStep } from './mfa-step.js';
import type { SignInOutcome } from './sign-in-outcome.js';

/**
 * What happens once a person has proven their first factor (password, or a password just chosen from an
 * invitation): tokens, or an MFA challenge when their account or organisation calls for one.
 */
@Injectable()
export class SignInCompletion {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly codes: OneTimeCodes,
    private readonly sessions: Sessions,
    private readonly security: SecurityLog,
  ) {}

  async afterFirstFactor(account: SignInAccount, method: SignInMethod): Promise<SignInOutcome> {
    const step = mfaStep(account);
    if (step === 'none') return this.signIn(account, method, false);
    return this.db.transaction(async (tx) => {
      // The challenge lives as long as a sign-in code: long enough to scan a QR code and type a code.
      const { token, expiresAt } = await this.codes.issueToken(
        tx,
        account.id,
        'mfa_challenge',
        this.config.durations.signInCodeTtl,
      );
      await this.security.record({ action: 'auth.mfa_challenge', outcome: 'allowed', account, method }, tx);
      return {
        mfaRequired: true as const,
        mfaToken: token,
        mfaTokenExpiresAt: expiresAt,
        enrolmentRequired: step === 'enrol',
      };
    });
  }

  /** Opens the session and records the sign-in, in one transaction. */
  signIn(account: SignInAccount, method: SignInMethod, mfaVerified: boolean): Promise<TokenPair> {
    return this.db.transaction(async (tx) => {
      const tokens = await this.sessions.open(tx, account, mfaVerified);
      await this.security.record({ action: 'auth.sign_in', outcome: 'allowed', account, method }, tx);
      return tokens;
    });
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, Problem } from '@attune/platform';
import { Outbox } from '@attune/notifications';
import { SignInAccounts } from '../accounts/sign-in-accounts.js';
import { OneTimeCodes } from '../codes/one-time-codes.js';
import { signInCodeText } from '../messages/sign-in-messages.js';
import type { PhoneRole } from '../roles.js';
import { SecurityLog } from '../security/security-log.js';
import type { TokenPair } from '../sessions/token-pair.js';
import { SignInThrottle } from '../throttle/sign-in-throttle.js';
import { SignInCompletion } from './sign-in-completion.js';

const WRONG_CODE = 'phone or code: not recognised or expired';

/**
 * Clients sign in with a six-digit code texted to their phone: many have no email, some share a
 * device, and a phone they carry is what they have. The request answers the same whether or not the
 * number is known, so nobody can learn who is a client by trying numbers. Supporters (family named in a
 * client's consent) sign in the same way with `as: 'supporter'`: the code proves the phone the consent names.
 */
@Injectable()
export class PhoneSignIn {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly accounts: SignInAccounts,
    private readonly codes: OneTimeCodes,
    private readonly outbox: Outbox,
    private readonly throttle: SignInThrottle,
    private readonly completion: SignInCompletion,
    private readonly security: SecurityLog,
  ) {}

  async requestCode(phone: string, ip: string, as: PhoneRole = 'client'): Promise<void> {
    await this.throttle.countSend(this.throttle.forPhone(phone), this.throttle.forIp(ip));
    const account = await this.accounts.byPhone(this.db.manager, phone, as);
    if (!account?.canSignIn || !account.phone) {
      await this.security.record({ action: 'auth.sign_in_code_requested', outcome: 'denied', account });
      return;
    }
    const ttl = this.config.durations.signInCodeTtl;
    const to = account.phone;
    const messageId = await this.db.transaction(async (tx) => {
      const code = await this.codes.issueCode(tx, account.id, 'sign_in', ttl);
      await this.security.record({ action: 'auth.sign_in_code_requested', outcome: 'allowed', account }, tx);
      return this.outbox.stage(tx, {
        organizationId: account.organizationId,
        recipientUserId: account.id,
        channel: 'sms',
        to,
        body: signInCodeText(code, ttl),
      });
    });
    await this.outbox.dispatch(messageId);
  }

  async signIn(phone: string, code: string, ip: string, as: PhoneRole = 'client'): Promise<TokenPair> {
    const keys = [this.throttle.forPhone(phone), this.throttle.forIp(ip)] as const;
    await this.throttle.refuseIfLocked(...keys);
    const account = await this.accounts.byPhone(this.db.manager, phone, as);
    const right = account?.canSignIn === true && (await this.codes.redeemCode(account.id, 'sign_in', code));
    if (!account || !right) {
      await this.throttle.recordFailure(...keys);
      await this.security.record({
        action: 'auth.sign_in',
        outcome: 'denied',
        account,
        method: 'phone_code',
      });
      throw Problem.unauthorized(WRONG_CODE);
    }
    const tokens = await this.completion.signIn(account, 'phone_code', false);
    await this.throttle.recordSuccess(keys[0]);
    return tokens;
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppConfig, RedisConnection } from '@attune/platform';
import { IdentityKeys } from '../crypto/identity-keys.js';
import { hmac } from '../crypto/secrets.js';
import { SecurityLog } from '../security/security-log.js';
import { TooManyAttempts } from './too-many-attempts.js';

/** A rate-limit key: who (an email, a phone) or where from (an IP), already hashed. */
export type ThrottleKey = string & { readonly __throttleKey: unique symbol };

/**
 * Guessing limits for every way in. `failures` counts wrong answers (password, TOTP, code, link) per
 * account and per IP; `sends` counts every request that makes Attune send a text or email, so nobody can
 * flood a person's phone. Both allow config.signInMaxFailures within config.durations.signInFailureWindow.
 *
 * Keys are HMACs: an email, phone or IP address never reaches Redis in clear (a plain SHA-256 of a phone
 * number is reversible by trying every number). If Redis is unreachable the limits fall back to this
 * process's memory rather than refusing every sign-in or allowing unlimited guesses.
 */
@Injectable()
export class SignInThrottle {
  private readonly log = new Logger('sign-in-throttle');
  private readonly failures: RateLimiterRedis;
  private readonly failuresInMemory: RateLimiterMemory;
  private readonly sends: RateLimiterRedis;
  private readonly max: number;

  constructor(
    config: AppConfig,
    private readonly redis: RedisConnection,
    private readonly keys: IdentityKeys,
    private readonly security: SecurityLog,
  ) {
    this.max = config.signInMaxFailures;
    const options = { points: this.max, duration: config.durations.signInFailureWindow };
    const limiter = (name: string, insuranceLimiter: RateLimiterMemory) =>
      new RateLimiterRedis({
        ...options,
        storeClient: redis.client,
        keyPrefix: `${config.redisPrefix}:rl:${name}`,
        // The shared connection queues commands while Redis is away; fail fast to the memory fallback instead.
        rejectIfRedisNotReady: true,
        insuranceLimiter,
      });
    this.failuresInMemory = new RateLimiterMemory({ ...options, keyPrefix: 'rl-fail' });
    this.failures = limiter('fail', this.failuresInMemory);
    this.sends = limiter('send', new RateLimiterMemory({ ...options, keyPrefix: 'rl-send' }));
  }

  forEmail(email: string): ThrottleKey {
    return this.key(`email:${email}`);
  }

  forPhone(phone: string): ThrottleKey {
    return this.key(`phone:${phone}`);
  }

  forIp(ip: string): ThrottleKey {
    return this.key(`ip:${ip}`);
  }

  /** 429 when any key has used up its failures: checked before the password is even looked at. */
  async refuseIfLocked(...keys: ThrottleKey[]): Promise<void> {
    for (const key of keys) {
      const state = await this.failures.get(key);
      if (state && state.consumedPoints >= this.max) await this.refuse(state);
    }
  }

  async recordFailure(...keys: ThrottleKey[]): Promise<void> {
    await Promise.all(keys.map((key) => this.failures.penalty(key, 1)));
  }

  /** A complete sign-in clears the account's failures (never the IP's: one success must not unlock a botnet's IP). */
  async recordSuccess(account: ThrottleKey): Promise<void> {
    // rate-limiter-flexible's delete skips its readiness check: with Redis away it would wait forever.
    if (this.redis.client.status === 'ready') await this.failures.delete(account);
    await this.failuresInMemory.delete(account);
  }

  /** Counts a request that sends a message; 429 once the window's allowance is spent. */
  async countSend(...keys: ThrottleKey[]): Promise<void> {
    for (const key of keys) {
      try {
        await this.sends.consume(key, 1);
      } catch (error) {
        if (error instanceof RateLimiterRes) await this.refuse(error);
        throw error;
      }
    }
  }

  private async refuse(state: RateLimiterRes): Promise<never> {
    this.log.warn('sign-in attempts limited');
    await this.security.record({ action: 'auth.rate_limited', outcome: 'denied' });
    throw new TooManyAttempts(Math.max(1, Math.ceil(state.msBeforeNext / 1000)));
  }

  private key(identity: string): ThrottleKey {
    return `k-${hmac(this.keys.throttleKey, identity).slice(0, 40)}` as ThrottleKey;
  }
}

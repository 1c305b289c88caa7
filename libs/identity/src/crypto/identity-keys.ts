import { hkdfSync } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@attune/platform';

/**
 * Keys for identity's own secrets, derived from JWT_SECRET with HKDF so no extra variable is needed and
 * each use has a key of its own (a leak of one derived key reveals neither the others nor the JWT key).
 *
 * Caveat: rotating JWT_SECRET also changes these, which invalidates pending codes (harmless) and makes
 * stored TOTP seeds undecryptable (staff would re-enrol). A dedicated key is the next step if rotation
 * becomes routine; `secret-box` carries a version prefix for that move.
 */
@Injectable()
export class IdentityKeys {
  /** Encrypts TOTP seeds at rest. */
  readonly totpSeal: Buffer;
  /** HMAC of one-time codes and link tokens in one_time_code. */
  readonly codeHash: Buffer;
  /** HMAC of emails, phones and IPs in rate-limit keys, so Redis never holds them in clear. */
  readonly throttleKey: Buffer;

  constructor(config: AppConfig) {
    const derive = (purpose: string) =>
      Buffer.from(hkdfSync('sha256', config.jwtSecret, 'attune-identity', purpose, 32));
    this.totpSeal = derive('totp-seed-encryption-v1');
    this.codeHash = derive('one-time-code-hmac-v1');
    this.throttleKey = derive('rate-limit-key-hmac-v1');
  }
}

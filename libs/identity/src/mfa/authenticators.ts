import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock, Problem } from '@attune/platform';
import { IdentityKeys } from '../crypto/identity-keys.js';
import { open, seal } from '../crypto/secret-box.js';
import { returnedRows } from '../database/returned-rows.js';
import { matchingStep, newAuthenticator, type NewAuthenticator } from './totp.js';

/** The part of an account TOTP checks need. */
export interface AuthenticatorHolder {
  id: string;
  totpSecret: string | null;
  totpLastStep: number | null;
}

/**
 * Staff authenticator apps (TOTP). The seed is sealed with AES-256-GCM before it touches the database.
 * Enrolment stores a pending seed; the first correct code enables it. A seed that is enabled can never be
 * replaced through these methods: whoever knows only the password must not swap in their own phone.
 */
@Injectable()
export class Authenticators {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly keys: IdentityKeys,
    private readonly clock: Clock,
  ) {}

  /** Stores a new pending seed for an account without MFA; 409 when MFA is already on. */
  async beginEnrolment(accountId: string, label: string): Promise<NewAuthenticator> {
    const fresh = newAuthenticator(label);
    const rows: unknown[] = await this.db.query(
      `UPDATE user_account SET totp_secret = $2, totp_last_step = NULL
        WHERE id = $1 AND totp_enabled_at IS NULL RETURNING id`,
      [accountId, seal(this.keys.totpSeal, fresh.secret, accountId)],
    );
    if (returnedRows(rows).length === 0) throw Problem.conflict('mfa', 'already enabled');
    return fresh;
  }

  /**
   * True when the code is right and newer than the last one accepted; records its step so it cannot be
   * replayed. With `enable`, a pending seed becomes the account's authenticator in the same statement.
   */
  async verify(
    holder: AuthenticatorHolder,
    code: string,
    options: { enable: boolean },
    db: EntityManager = this.db.manager,
  ): Promise<boolean> {
    if (!holder.totpSecret) return false;
    const seed = open(this.keys.totpSeal, holder.totpSecret, holder.id);
    const now = this.clock.now();
    const step = seed === null ? null : matchingStep(seed, code, now);
    if (step === null) return false;
    // The seed in the WHERE clause makes a concurrent re-enrolment fail this check instead of enabling a seed nobody saw.
    const rows: unknown[] = await db.query(
      `UPDATE user_account
          SET totp_last_step = $3,
              totp_enabled_at = CASE WHEN $4 THEN COALESCE(totp_enabled_at, $5) ELSE totp_enabled_at END
        WHERE id = $1 AND totp_secret = $2 AND (totp_last_step IS NULL OR totp_last_step < $3)
          AND ($4 OR totp_enabled_at IS NOT NULL)
        RETURNING id`,
      [holder.id, holder.totpSecret, step, options.enable, now],
    );
    return returnedRows(rows).length === 1;
  }
}

import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '@attune/platform';
import { IdentityKeys } from '../crypto/identity-keys.js';
import { hmac, randomToken, sameDigest, sixDigitCode } from '../crypto/secrets.js';
import { returnedRows } from '../database/returned-rows.js';
import type { CodePurpose } from '../entities/one-time-code.entity.js';

/** Wrong guesses a code survives; the fifth attempt is the last one checked. */
export const MAX_CODE_ATTEMPTS = 5;

/** An open code or link: not consumed, not expired, attempts left. */
export interface OpenCode {
  id: string;
  userId: string;
  expiresAt: Date;
}

/**
 * Codes and links sent to people, stored only as HMACs (a database dump yields nothing usable).
 * Long link tokens are found by their hash. Six-digit codes are hashed with their row id, because the
 * same six digits will come up for someone else; they are found through the account and compared.
 */
@Injectable()
export class OneTimeCodes {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly keys: IdentityKeys,
    private readonly clock: Clock,
  ) {}

  /** A new 256-bit link token for the account; earlier open ones of the same purpose stop working. */
  async issueToken(
    tx: EntityManager,
    userId: string,
    purpose: CodePurpose,
    ttlSeconds: number,
  ): Promise<{ token: string; expiresAt: Date }> {
    const token = randomToken();
    const expiresAt = await this.insert(
      tx,
      randomUUID(),
      userId,
      purpose,
      this.tokenHash(purpose, token),
      ttlSeconds,
    );
    return { token, expiresAt };
  }

  /** A new six-digit code for the account; earlier open ones of the same purpose stop working. */
  async issueCode(
    tx: EntityManager,
    userId: string,
    purpose: CodePurpose,
    ttlSeconds: number,
  ): Promise<string> {
    const id = randomUUID();
    const code = sixDigitCode();
    await this.insert(tx, id, userId, purpose, hmac(this.keys.codeHash, `${id}:${code}`), ttlSeconds);
    return code;
  }

  /** The open code a link token names, or null (unknown, expired, used, out of attempts). */
  async findToken(
    purpose: CodePurpose,
    token: string,
    db: EntityManager = this.db.manager,
  ): Promise<OpenCode | null> {
    const rows: { id: string; user_id: string; expires_at: Date }[] = await db.query(
      `SELECT id, user_id, expires_at FROM one_time_code
        WHERE secret_hash = $1 AND purpose = $2 AND consumed_at IS NULL AND expires_at > $3 AND attempts < $4`,
      [this.tokenHash(purpose, token), purpose, this.clock.now(), MAX_CODE_ATTEMPTS],
    );
    return rows[0] ? { id: rows[0].id, userId: rows[0].user_id, expiresAt: rows[0].expires_at } : null;
  }

  /**
   * Spends one attempt on a code, atomically, so parallel guesses cannot exceed the limit. False when the
   * code is no longer open. Used for six-digit codes and for MFA challenges (each TOTP guess costs one).
   */
  async spendAttempt(id: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `UPDATE one_time_code SET attempts = attempts + 1
        WHERE id = $1 AND consumed_at IS NULL AND expires_at > $2 AND attempts < $3 RETURNING id`,
      [id, this.clock.now(), MAX_CODE_ATTEMPTS],
    );
    return returnedRows(rows).length === 1;
  }

  /**
   * Checks a six-digit code against the account's newest open one and consumes it on a match. Every
   * check spends an attempt first, right or wrong.
   */
  async redeemCode(userId: string, purpose: CodePurpose, code: string): Promise<boolean> {
    const rows: { id: string; secret_hash: string }[] = await this.db.query(
      `SELECT id, secret_hash FROM one_time_code
        WHERE user_id = $1 AND purpose = $2 AND consumed_at IS NULL AND expires_at > $3 AND attempts < $4
        ORDER BY created_at DESC LIMIT 1`,
      [userId, purpose, this.clock.now(), MAX_CODE_ATTEMPTS],
    );
    const open = rows[0];
    if (!open || !(await this.spendAttempt(open.id))) return false;
    if (!sameDigest(open.secret_hash, hmac(this.keys.codeHash, `${open.id}:${code}`))) return false;
    return this.consume(this.db.manager, open.id);
  }

  /** Marks a code used; false if someone else used it first (the guard makes a link work once). */
  async consume(db: EntityManager, id: string): Promise<boolean> {
    const rows: unknown[] = await db.query(
      `UPDATE one_time_code SET consumed_at = $2 WHERE id = $1 AND consumed_at IS NULL RETURNING id`,
      [id, this.clock.now()],
    );
    return returnedRows(rows).length === 1;
  }

  /** Closes every open code of a purpose (a newer one was sent, or the password changed). */
  async retire(db: EntityManager, userId: string, purpose: CodePurpose): Promise<void> {
    await db.query(
      `UPDATE one_time_code SET consumed_at = $3 WHERE user_id = $1 AND purpose = $2 AND consumed_at IS NULL`,
      [userId, purpose, this.clock.now()],
    );
  }

  private async insert(
    tx: EntityManager,
    id: string,
    userId: string,
    purpose: CodePurpose,
    secretHash: string,
    ttlSeconds: number,
  ): Promise<Date> {
    await this.retire(tx, userId, purpose);
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
    await tx.query(
      `INSERT INTO one_time_code (id, user_id, purpose, secret_hash, attempts, created_at, expires_at) VALUES ($1, $2, $3, $4, 0, $5, $6)`,
      [id, userId, purpose, secretHash, now, expiresAt],
    );
    return expiresAt;
  }

  private tokenHash(purpose: CodePurpose, token: string): string {
    return hmac(this.keys.codeHash, `${purpose}:${token}`);
  }
}

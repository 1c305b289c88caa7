import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig, Clock, Problem, Realtime, Rooms } from '@attune/platform';
import { randomToken, sha256 } from '../crypto/secrets.js';
import type { Actor, Role } from '../roles.js';
import { SecurityLog } from '../security/security-log.js';
import { AccessTokens } from '../tokens/access-tokens.js';
import type { SessionOwner, TokenPair } from './token-pair.js';

export type EndReason = 'sign_out' | 'refresh_reuse' | 'password_reset';

interface PresentedToken {
  id: string;
  session_id: string;
  expires_at: Date;
  used_at: Date | null;
  user_id: string;
  mfa_verified: boolean;
  session_expires_at: Date;
  revoked_at: Date | null;
  organization_id: string;
  role: Role;
  can_sign_in: boolean;
}

const INVALID = 'refresh token: invalid, expired or revoked';

/**
 * A session is one signed-in device and the family of its refresh tokens. Each refresh token works once:
 * using it issues the next. A token presented a second time means two parties hold it (one of them
 * stole it), so the whole family is revoked and both must sign in again.
 */
@Injectable()
export class Sessions {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly accessTokens: AccessTokens,
    private readonly security: SecurityLog,
    private readonly realtime: Realtime,
  ) {}

  /** Opens a session inside the caller's transaction and issues its first tokens. */
  async open(tx: EntityManager, owner: SessionOwner, mfaVerified: boolean): Promise<TokenPair> {
    const sessionId = randomUUID();
    const now = this.clock.now();
    const expiresAt = this.refreshExpiry(now);
    await tx.query(
      `INSERT INTO auth_session (id, user_id, mfa_verified, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [sessionId, owner.id, mfaVerified, now, expiresAt],
    );
    return this.issue(tx, owner, sessionId, now);
  }

  /** Exchanges a refresh token for a new pair; reuse of a used token ends the session. */
  async refresh(refreshToken: string): Promise<TokenPair> {
    let reusedSessionId: string | null = null;
    const outcome = await this.db.transaction(async (tx) => {
      const presented = await this.lockPresented(tx, refreshToken);
      if (!presented) return null;
      const now = this.clock.now();
      const owner: SessionOwner = {
        id: presented.user_id,
        organizationId: presented.organization_id,
        role: presented.role,
      };
      const live = !presented.revoked_at && presented.session_expires_at > now && presented.can_sign_in;
      if (presented.used_at) {
        if (!live) return null; // an old token of an ended session: nothing left to protect
        await this.endWithin(tx, presented.session_id, 'refresh_reuse');
        await this.security.record({ action: 'auth.refresh_reuse', outcome: 'denied', account: owner }, tx);
        reusedSessionId = presented.session_id;
        return null;
      }
      if (!live || presented.expires_at <= now) return null;
      await tx.query(`UPDATE refresh_token SET used_at = $2 WHERE id = $1`, [presented.id, now]);
      await tx.query(`UPDATE auth_session SET expires_at = $2 WHERE id = $1`, [
        presented.session_id,
        this.refreshExpiry(now),
      ]);
      return this.issue(tx, owner, presented.session_id, now);
    });
    if (reusedSessionId) this.closeSockets(Rooms.session(reusedSessionId));
    if (!outcome) throw Problem.unauthorized(INVALID);
    return outcome;
  }

  /** Ends the actor's current session: its access token stops working at once, its refresh token too. */
  async signOut(actor: Actor): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.endWithin(tx, actor.sessionId, 'sign_out');
      await this.security.record(
        {
          action: 'auth.sign_out',
          outcome: 'allowed',
          account: { id: actor.userId, organizationId: actor.organizationId, role: actor.role },
        },
        tx,
      );
    });
    this.closeSockets(Rooms.session(actor.sessionId));
  }

  /**
   * After the revocation has committed: tell the sessions' sockets on every api node and close them. The
   * gateway's periodic session re-check closes them anyway within seconds; this makes it immediate.
   */
  closeSockets(room: string): void {
    this.realtime.to(room).emit('session.ended', { reason: 'revoked' });
    this.realtime.disconnect(room);
  }

  /** Ends every session of the account (its password changed: whoever else knew the old one is out). */
  async endAllOf(tx: EntityManager, userId: string, reason: EndReason): Promise<void> {
    await tx.query(
      `UPDATE auth_session SET revoked_at = $2, revoked_reason = $3 WHERE user_id = $1 AND revoked_at IS NULL`,
      [userId, this.clock.now(), reason],
    );
  }

  /** Marks the session's MFA as done (its owner just confirmed an authenticator). */
  async markMfaVerified(sessionId: string): Promise<void> {
    await this.db.query(`UPDATE auth_session SET mfa_verified = true WHERE id = $1`, [sessionId]);
  }

  private async endWithin(db: EntityManager, sessionId: string, reason: EndReason): Promise<void> {
    await db.query(
      `UPDATE auth_session SET revoked_at = $2, revoked_reason = $3 WHERE id = $1 AND revoked_at IS NULL`,
      [sessionId, this.clock.now(), reason],
    );
  }

  /** The presented token with its session and account, locked so two refreshes of one token serialise. */
  private async lockPresented(tx: EntityManager, refreshToken: string): Promise<PresentedToken | null> {
    const rows: PresentedToken[] = await tx.query(
      `SELECT t.id, t.session_id, t.expires_at, t.used_at, s.user_id, s.mfa_verified, s.expires_at AS session_expires_at,
              s.revoked_at, u.organization_id, u.role,
              COALESCE(u.disabled_at IS NULL AND (u.role IN ('client', 'supporter') OR m.status = 'active'), false) AS can_sign_in
         FROM refresh_token t
         JOIN auth_session s ON s.id = t.session_id
         JOIN user_account u ON u.id = s.user_id
         LEFT JOIN staff_member m ON m.user_id = u.id
        WHERE t.token_hash = $1
          FOR UPDATE OF t, s`,
      [sha256(refreshToken)],
    );
    return rows[0] ?? null;
  }

  private async issue(
    tx: EntityManager,
    owner: SessionOwner,
    sessionId: string,
    now: Date,
  ): Promise<TokenPair> {
    const refreshToken = randomToken();
    const refreshTokenExpiresAt = this.refreshExpiry(now);
    await tx.query(
      `INSERT INTO refresh_token (session_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
      [sessionId, sha256(refreshToken), now, refreshTokenExpiresAt],
    );
    const access = await this.accessTokens.issue({
      userId: owner.id,
      organizationId: owner.organizationId,
      role: owner.role,
      sessionId,
    });
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken,
      refreshTokenExpiresAt,
      user: { id: owner.id, role: owner.role, organizationId: owner.organizationId },
    };
  }

  /** Sessions slide: each refresh extends the session to its new token's expiry. */
  private refreshExpiry(now: Date): Date {
    return new Date(now.getTime() + this.config.durations.refreshTokenTtl * 1000);
  }
}

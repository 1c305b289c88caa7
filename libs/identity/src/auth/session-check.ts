import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, Problem, preparedQuery } from '@attune/platform';
import type { Actor } from '../roles.js';

/**
 * Every authenticated request (and socket connection) proves its session is live: not revoked, not
 * expired, the account not disabled. One indexed lookup; this is what makes sign-out immediate.
 */
@Injectable()
export class SessionCheck {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async requireLive(actor: Actor): Promise<void> {
    const rows = await preparedQuery<{ live: boolean }>(
      this.db.manager,
      'session-check',
      `SELECT (s.revoked_at IS NULL AND s.expires_at > $3 AND u.disabled_at IS NULL) AS live
         FROM auth_session s JOIN user_account u ON u.id = s.user_id
        WHERE s.id = $1 AND s.user_id = $2`,
      [actor.sessionId, actor.userId, this.clock.now()],
    );
    if (!rows[0]?.live) throw Problem.unauthorized('session: signed out or expired');
  }

  /**
   * Which of these sessions are no longer live (by the same rule as `requireLive`), in one query: the
   * gateway asks this every few seconds for all its sockets, a safety net under the immediate disconnects.
   */
  async endedAmong(sessionIds: string[]): Promise<string[]> {
    if (sessionIds.length === 0) return [];
    const rows = await preparedQuery<{ id: string }>(
      this.db.manager,
      'session-check-many',
      `SELECT wanted.id::text AS id
         FROM unnest($1::uuid[]) AS wanted(id)
         LEFT JOIN auth_session s ON s.id = wanted.id
         LEFT JOIN user_account u ON u.id = s.user_id
        WHERE s.id IS NULL OR s.revoked_at IS NOT NULL OR s.expires_at <= $2 OR u.disabled_at IS NOT NULL`,
      [sessionIds, this.clock.now()],
    );
    return rows.map((r) => r.id);
  }
}

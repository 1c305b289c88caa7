import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, groupCommit, Problem, preparedQuery } from '@attune/platform';
import type { Actor } from '../roles.js';

/**
 * Every authenticated request (and socket connection) proves its session is live: not revoked, not
 * expired, the account not disabled. One indexed lookup; this is what makes sign-out immediate.
 */
/** THE rule for a live session (`s` and its account `u`) at an instant: not revoked, not expired, the account open. */
const liveAt = (instant: string) => `(s.revoked_at IS NULL AND s.expires_at > ${instant} AND u.disabled_at IS NULL)`;

@Injectable()
export class SessionCheck {
  /** Grouped: concurrent requests' checks share one query (see groupCommit); a lone one runs at once. */
  private readonly liveness: (asked: { sessionId: string; userId: string }) => Promise<boolean>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {
    this.liveness = groupCommit(async (asked) => {
      const rows = await preparedQuery<{ n: string }>(
        this.db.manager,
        'session-check-live',
        `SELECT w.n FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS w(session_id, user_id, n)
           JOIN auth_session s ON s.id = w.session_id AND s.user_id = w.user_id
           JOIN user_account u ON u.id = s.user_id
          WHERE ${liveAt('$3')}`,
        [asked.map((a) => a.sessionId), asked.map((a) => a.userId), this.clock.now()],
      );
      const live = new Set(rows.map((r) => Number(r.n)));
      return asked.map((_, i) => live.has(i + 1));
    });
  }

  async requireLive(actor: Actor): Promise<void> {
    if (!(await this.liveness({ sessionId: actor.sessionId, userId: actor.userId }))) throw Problem.unauthorized('session: signed out or expired');
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
        WHERE s.id IS NULL OR NOT coalesce(${liveAt('$2')}, false)`,
      [sessionIds, this.clock.now()],
    );
    return rows.map((r) => r.id);
  }
}

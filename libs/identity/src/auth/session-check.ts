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
}

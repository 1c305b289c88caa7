import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '@attune/identity';
import { AppConfig, Clock, Problem } from '@attune/platform';
import { visitsCalendar, type CalendarVisit } from './calendar-ics.js';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const FEED_PAST_DAYS = 30;
const FEED_FUTURE_DAYS = 400;

/**
 * Each person's visits as an ICS feed at a secret, revocable URL (calendar apps cannot sign in). A staff
 * member's feed holds the visits they attend; a client's, their own visits. Only the token's hash is kept.
 */
@Injectable()
export class CalendarFeeds {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** A new feed URL (shown once); any earlier one stops working. */
  async create(actor: Actor): Promise<{ url: string }> {
    const token = randomBytes(24).toString('base64url');
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      await tx.query(`UPDATE calendar_feed SET revoked_at = $3 WHERE user_id = $1 AND organization_id = $2 AND revoked_at IS NULL`, [actor.userId, actor.organizationId, now]);
      await tx.query(`INSERT INTO calendar_feed (organization_id, user_id, token_hash, created_at) VALUES ($1, $2, $3, $4)`, [actor.organizationId, actor.userId, hash(token), now]);
    });
    return { url: `${this.config.publicUrl}/calendar/${token}.ics` };
  }

  async revoke(actor: Actor): Promise<void> {
    await this.db.query(`UPDATE calendar_feed SET revoked_at = $3 WHERE user_id = $1 AND organization_id = $2 AND revoked_at IS NULL`, [
      actor.userId,
      actor.organizationId,
      this.clock.now(),
    ]);
  }

  /** The feed behind a token: 404 when unknown or revoked. */
  async feed(token: string): Promise<string> {
    const feeds: { user_id: string; organization_id: string; calendar_locations: boolean }[] = /^[A-Za-z0-9_-]{32}$/.test(token)
      ? await this.db.query(
          `SELECT f.user_id, f.organization_id, o.calendar_locations
             FROM calendar_feed f JOIN organization o ON o.id = f.organization_id WHERE f.token_hash = $1 AND f.revoked_at IS NULL`,
          [hash(token)],
        )
      : [];
    const feed = feeds[0];
    if (!feed) throw Problem.notFound('calendar feed');
    const now = this.clock.now().getTime();
    const rows: { id: string; kind: CalendarVisit['kind']; status: CalendarVisit['status']; starts_at: Date; ends_at: Date; version: number; address: string | null; token: string | null }[] =
      await this.db.query(
        `SELECT v.id, v.kind, v.status, v.starts_at, v.ends_at, v.version, v.address, p.token
           FROM visit v
           LEFT JOIN visit_participant p ON p.visit_id = v.id AND p.user_id = $1
          WHERE v.organization_id = $2 AND v.starts_at >= $3 AND v.starts_at < $4
            AND (EXISTS (SELECT 1 FROM visit_attendee a WHERE a.visit_id = v.id AND a.user_id = $1)
                 OR v.client_id = (SELECT c.id FROM client c WHERE c.user_id = $1 AND c.organization_id = $2))
          ORDER BY v.starts_at, v.id`,
        [feed.user_id, feed.organization_id, new Date(now - FEED_PAST_DAYS * 86_400_000), new Date(now + FEED_FUTURE_DAYS * 86_400_000)],
      );
    return visitsCalendar(
      rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        status: r.status,
        startsAt: r.starts_at,
        endsAt: r.ends_at,
        version: r.version,
        address: r.address,
        joinUrl: r.token ? `${this.config.publicUrl}/j/${r.token}` : null,
      })),
      { includeLocations: feed.calendar_locations },
    );
  }
}

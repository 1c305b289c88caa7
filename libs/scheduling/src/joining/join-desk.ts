import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { activeConsentSql } from '@attune/care';
import { AppConfig, Clock, Problem } from '@attune/platform';
import { MeetingLinks } from '../meetings/meeting-links.js';
import type { VisitKind, VisitStatus } from '../visits/visit.js';

export type JoinState = 'early' | 'open' | 'ended' | 'cancelled';

/** What a join page shows: no names, no addresses; times in the visit's zone. */
export interface JoinView {
  state: JoinState;
  kind: VisitKind;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  opensAt: Date;
  /** For audio-only and phone visits when configured. */
  dialIn: { number: string; pin?: string } | null;
}

interface ParticipantRow {
  user_id: string;
  moderator: boolean;
  visit_id: string;
  organization_id: string;
  kind: VisitKind;
  status: VisitStatus;
  starts_at: Date;
  ends_at: Date;
  time_zone: string;
  room: string | null;
  revoked_at: Date | null;
  name: string | null;
}

/**
 * The join page behind /j/<token>. Looking (GET) changes nothing, because mail scanners open links;
 * only pressing Join (POST) records attendance and hands out the meeting URL, whose token is valid
 * from the window's opening to the visit's end. The token is the capability: it is looked up on its own.
 */
@Injectable()
export class JoinDesk {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly meetings: MeetingLinks,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async look(token: string): Promise<JoinView> {
    return this.view(await this.participant(token));
  }

  /** Records attendance and returns where to go (null: no video room, e.g. a phone visit). */
  async join(token: string): Promise<{ view: JoinView; meetingUrl: string | null }> {
    const row = await this.participant(token);
    const view = this.view(row);
    if (view.state !== 'open') return { view, meetingUrl: null };
    await this.db.query(`INSERT INTO visit_attendance (visit_id, organization_id, user_id, joined_at) VALUES ($1, $2, $3, $4)`, [
      row.visit_id,
      row.organization_id,
      row.user_id,
      this.clock.now(),
    ]);
    const provider = this.meetings.provider;
    if (!provider || !row.room || row.revoked_at) return { view, meetingUrl: null };
    const firstName = (row.name ?? '').trim().split(/\s+/)[0] || 'Guest';
    const meetingUrl = await provider.joinUrl(row.room, { userId: row.user_id, firstName, moderator: row.moderator }, { opensAt: view.opensAt, closesAt: view.endsAt });
    return { view, meetingUrl };
  }

  private view(row: ParticipantRow): JoinView {
    const now = this.clock.now();
    const opensAt = new Date(row.starts_at.getTime() - this.config.meetings.joinOpensMinutes * 60_000);
    const state: JoinState =
      row.status === 'cancelled' || row.revoked_at
        ? 'cancelled'
        : row.status === 'completed' || row.status === 'no_show' || now >= row.ends_at
          ? 'ended'
          : now < opensAt
            ? 'early'
            : 'open';
    const phoneLike = row.kind === 'audio_only' || row.kind === 'phone';
    return {
      state,
      kind: row.kind,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      timeZone: row.time_zone,
      opensAt,
      dialIn: phoneLike && this.config.meetings.dialIn ? this.config.meetings.dialIn : null,
    };
  }

  private async participant(token: string): Promise<ParticipantRow> {
    if (!/^[A-Za-z0-9_-]{22}$/.test(token)) throw Problem.notFound('join link');
    const rows: ParticipantRow[] = await this.db.query(
      `SELECT p.user_id, p.moderator, p.visit_id, p.organization_id, v.kind, v.status, v.starts_at, v.ends_at, v.time_zone,
              l.room, l.revoked_at, coalesce(s.display_name, c.preferred_name, sp.display_name) AS name
         FROM visit_participant p
         JOIN visit v ON v.id = p.visit_id AND v.organization_id = p.organization_id
         LEFT JOIN visit_link l ON l.visit_id = v.id
         LEFT JOIN staff_member s ON s.user_id = p.user_id
         LEFT JOIN client c ON c.user_id = p.user_id
         LEFT JOIN supporter sp ON sp.user_id = p.user_id
        WHERE p.token = $1
          -- An invited supporter's link works only while the consent they were invited under is in force
          -- (revocation, expiry or discharge end it at once): otherwise the link is as good as unknown.
          AND (sp.user_id IS NULL OR EXISTS (
                SELECT 1 FROM family_invitation f JOIN consent k ON k.id = f.consent_id JOIN client kc ON kc.id = k.client_id
                 WHERE f.visit_id = p.visit_id AND f.supporter_user_id = p.user_id AND ${activeConsentSql('k', 'kc', '$2')}))`,
      [token, this.clock.now()],
    );
    if (!rows[0]) throw Problem.notFound('join link');
    return rows[0];
  }
}

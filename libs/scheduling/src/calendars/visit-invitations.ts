import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Outbox } from '@attune/notifications';
import { AppConfig, localLabel, type AfterCommit } from '@attune/platform';
import { visitsCalendar, type CalendarVisit } from './calendar-ics.js';

export type InvitationKind = 'invite' | 'update' | 'cancel';

interface ParticipantVisit {
  user_id: string;
  email: string;
  user_zone: string;
  token: string;
  calendar_locations: boolean;
  id: string;
  kind: CalendarVisit['kind'];
  status: CalendarVisit['status'];
  starts_at: Date;
  ends_at: Date;
  version: number;
  address: string | null;
}

const SUBJECTS: Record<InvitationKind, string> = { invite: 'Attune session', update: 'Attune session: new time', cancel: 'Attune session cancelled' };

/**
 * Invitations by email with an iCalendar part, so a client's or colleague's mail app offers to add the
 * session to their calendar. One email per person per change — a new 52-week series is one invitation,
 * not 52. Each person gets their own join link; the person who made the change gets none (they have their
 * feed). People without an email address get nothing here: visit reminders reach them by text.
 * Like calendar feeds: title "Attune session", no address unless the organisation opts in, and the body
 * names no treatment (a lock screen and a shared inbox show it).
 */
@Injectable()
export class VisitInvitations {
  constructor(
    private readonly outbox: Outbox,
    private readonly config: AppConfig,
  ) {}

  /** Inside the change's transaction, after the visits' rows are written; returns the dispatches. */
  async stage(tx: EntityManager, organizationId: string, visitIds: string[], kind: InvitationKind, changedBy: string): Promise<AfterCommit[]> {
    if (visitIds.length === 0) return [];
    const rows: ParticipantVisit[] = await tx.query(
      // The participants are found first (MATERIALIZED): with fresh tables and stale statistics the
      // planner otherwise loops over every user account and probes the participants index for each.
      `WITH p AS MATERIALIZED (
         SELECT user_id, visit_id, token FROM visit_participant
          WHERE visit_id = ANY($1::uuid[]) AND organization_id = $2 AND user_id <> $3
       )
       SELECT p.user_id, u.email, u.time_zone AS user_zone, p.token, o.calendar_locations,
              v.id, v.kind, v.status, v.starts_at, v.ends_at, v.version, v.address
         FROM p
         JOIN visit v ON v.id = p.visit_id AND v.organization_id = $2
         JOIN user_account u ON u.id = p.user_id AND u.email IS NOT NULL AND u.disabled_at IS NULL
         JOIN organization o ON o.id = v.organization_id
        ORDER BY p.user_id, v.starts_at`,
      [visitIds, organizationId, changedBy],
    );
    const byPerson = new Map<string, ParticipantVisit[]>();
    for (const row of rows) byPerson.set(row.user_id, [...(byPerson.get(row.user_id) ?? []), row]);
    const dispatches: AfterCommit[] = [];
    for (const visits of byPerson.values()) {
      const first = visits[0];
      const calendar = visitsCalendar(
        visits.map((v) => ({ id: v.id, kind: v.kind, status: v.status, startsAt: v.starts_at, endsAt: v.ends_at, version: v.version, address: v.address, joinUrl: this.joinUrl(v.token) })),
        { includeLocations: first.calendar_locations, method: kind === 'cancel' ? 'cancel' : 'request' },
      );
      const messageId = await this.outbox.stage(tx, {
        organizationId,
        recipientUserId: first.user_id,
        channel: 'email',
        to: first.email,
        subject: SUBJECTS[kind],
        body: this.body(kind, visits),
        calendar: { method: kind === 'cancel' ? 'CANCEL' : 'REQUEST', content: calendar },
      });
      dispatches.push(() => this.outbox.dispatch(messageId));
    }
    return dispatches;
  }

  private body(kind: InvitationKind, visits: ParticipantVisit[]): string {
    const first = visits[0];
    const when = `${localLabel(first.starts_at, first.user_zone)} (${first.user_zone})`;
    const many = visits.length > 1;
    switch (kind) {
      case 'invite':
      case 'update': {
        const lead = kind === 'invite' ? 'Your Attune team booked' : 'Your Attune team moved';
        return many
          ? `${lead} ${visits.length} sessions with you, the first on ${when}. Each session's join link is in the attached calendar invitation.`
          : `${lead} a session with you: ${when}. Join or see the details: ${this.joinUrl(first.token)}`;
      }
      case 'cancel':
        return many
          ? `Your Attune team cancelled ${visits.length} sessions, from ${when}. Your calendar can remove them with the attached update.`
          : `Your Attune team cancelled the session of ${when}.`;
    }
  }

  private joinUrl(token: string): string {
    return `${this.config.publicUrl}/j/${token}`;
  }
}

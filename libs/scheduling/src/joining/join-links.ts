import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '@attune/platform';

/** A short join token: 128 random bits, URL-safe, 22 characters (fits an SMS). */
export const newJoinToken = (): string => randomBytes(16).toString('base64url');

export interface ParticipantLink {
  userId: string;
  moderator: boolean;
  url: string;
}

/** Each participant's /j/<token> link to a visit's join page: the client, and every attending team member. */
@Injectable()
export class JoinLinks {
  constructor(private readonly config: AppConfig) {}

  urlFor(token: string): string {
    return `${this.config.publicUrl}/j/${token}`;
  }

  async issue(tx: EntityManager, organizationId: string, visitIds: string[], clientUserId: string, staffUserIds: string[], now: Date): Promise<void> {
    const people = [{ userId: clientUserId, moderator: false }, ...staffUserIds.map((userId) => ({ userId, moderator: true }))];
    const rows = visitIds.flatMap((visitId) => people.map((p) => ({ visitId, ...p, token: newJoinToken() })));
    await tx.query(
      `INSERT INTO visit_participant (token, visit_id, organization_id, user_id, moderator, created_at)
       SELECT t, v, $1, u, m, $2 FROM unnest($3::text[], $4::uuid[], $5::uuid[], $6::boolean[]) AS x(t, v, u, m)`,
      [organizationId, now, rows.map((r) => r.token), rows.map((r) => r.visitId), rows.map((r) => r.userId), rows.map((r) => r.moderator)],
    );
  }

  /**
   * A guest's link (an invited supporter): never a moderator, so they wait in the lobby and are shown by
   * first name. An existing link for the same person and visit is reused. Returns the URL.
   */
  async issueGuest(tx: EntityManager, organizationId: string, visitId: string, userId: string, now: Date): Promise<string> {
    const [row]: { token: string }[] = await tx.query(
      `INSERT INTO visit_participant (token, visit_id, organization_id, user_id, moderator, created_at) VALUES ($1, $2, $3, $4, false, $5)
       ON CONFLICT (visit_id, user_id) DO UPDATE SET moderator = false RETURNING token`,
      [newJoinToken(), visitId, organizationId, userId, now],
    );
    return this.urlFor(row.token);
  }

  /** Every participant's link to one visit (for invitations and reminders). */
  async of(manager: EntityManager, organizationId: string, visitId: string): Promise<ParticipantLink[]> {
    const rows: { token: string; user_id: string; moderator: boolean }[] = await manager.query(
      `SELECT token, user_id, moderator FROM visit_participant WHERE visit_id = $1 AND organization_id = $2 ORDER BY moderator, user_id`,
      [visitId, organizationId],
    );
    return rows.map((r) => ({ userId: r.user_id, moderator: r.moderator, url: this.urlFor(r.token) }));
  }
}

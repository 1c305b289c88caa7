import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessPolicy, activeConsentSql, type Disclosed } from '@attune/care';
import { CurriculumPlans } from '@attune/curriculum';
import type { Actor } from '@attune/identity';
import { AppConfig, Clock, Problem } from '@attune/platform';
import { CONSENT_COLUMNS, toConsentView, type ConsentRow, type ConsentView } from '../consents/consent-view.js';

export interface FamilySession {
  visitId: string;
  kind: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  status: string;
  /** Supporters invited (staff and the client see all; a supporter sees only themself). */
  invitedSupporterUserIds: string[];
  /** A supporter's own join link. */
  joinUrl: string | null;
}

export interface ProgressSummary {
  weeksInProgramme: number;
  status: string;
  sessionsAttendedLast30Days: number;
  nextSessionAt: Date | null;
  /** Where the client is in the recovery curriculum (figures only: no activity, no reflection); null when not enrolled. */
  curriculum: { currentWeek: number; totalWeeks: number; percentDone: number; paused: boolean } | null;
}

/**
 * What a supporter may read, and only through the policy: each read names one capability that a consent
 * scope maps to, the policy re-reads the consent rows and accounts the disclosure. The same routes serve
 * the team and the client, for whom the read is a use (audited by the policy, not accounted).
 */
@Injectable()
export class SupporterViews {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: AccessPolicy,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly curriculum: CurriculumPlans,
  ) {}

  async familySessions(actor: Actor, clientId: string): Promise<Disclosed<FamilySession[]>> {
    const access = await this.policy.require(actor, clientId, 'family-sessions:read', { action: 'family_sessions.read' });
    const onlyMine = actor.role === 'supporter' ? actor.userId : null;
    const rows: { id: string; kind: string; starts_at: Date; ends_at: Date; time_zone: string; status: string; invited: string[]; token: string | null }[] =
      await this.db.query(
        `SELECT v.id, v.kind, v.starts_at, v.ends_at, v.time_zone, v.status,
                array_agg(f.supporter_user_id ORDER BY f.invited_at) AS invited,
                (SELECT p.token FROM visit_participant p WHERE p.visit_id = v.id AND p.user_id = $4) AS token
           FROM visit v JOIN family_invitation f ON f.visit_id = v.id
          WHERE v.organization_id = $1 AND v.client_id = $2 AND v.ends_at > $3 AND v.status IN ('scheduled', 'confirmed', 'in_progress')
            AND ($4::uuid IS NULL OR f.supporter_user_id = $4)
          GROUP BY v.id ORDER BY v.starts_at`,
        [access.organizationId, clientId, this.clock.now(), onlyMine],
      );
    const data = rows.map((r) => ({
      visitId: r.id,
      kind: r.kind,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      timeZone: r.time_zone,
      status: r.status,
      invitedSupporterUserIds: r.invited,
      joinUrl: r.token ? `${this.config.publicUrl}/j/${r.token}` : null,
    }));
    return { data, disclosure: access.disclosure ?? null };
  }

  async progressSummary(actor: Actor, clientId: string): Promise<Disclosed<ProgressSummary>> {
    const access = await this.policy.require(actor, clientId, 'progress:read-summary', { action: 'progress_summary.read' });
    const now = this.clock.now();
    const [row]: { attended: number; next: Date | null }[] = await this.db.query(
      `SELECT (SELECT count(*)::int FROM visit WHERE organization_id = $1 AND client_id = $2 AND status = 'completed' AND starts_at > $3::timestamptz - interval '30 days' AND starts_at <= $3) AS attended,
              (SELECT min(starts_at) FROM visit WHERE organization_id = $1 AND client_id = $2 AND status IN ('scheduled', 'confirmed') AND starts_at > $3) AS next`,
      [access.organizationId, clientId, now],
    );
    const start = Date.parse(`${access.client.programmeStartDate}T00:00:00Z`);
    const progress = await this.curriculum.progressAfterDecision(access);
    const data: ProgressSummary = {
      weeksInProgramme: Math.max(0, Math.floor((now.getTime() - start) / (7 * 86_400_000))),
      status: access.client.status,
      sessionsAttendedLast30Days: row.attended,
      nextSessionAt: row.next,
      curriculum: progress && { currentWeek: progress.currentWeek, totalWeeks: progress.totalWeeks, percentDone: progress.percentDone, paused: progress.paused },
    };
    return { data, disclosure: access.disclosure ?? null };
  }

  /** A supporter's own active consents: their copy of what they may receive and until when. */
  async myConsents(actor: Actor): Promise<ConsentView[]> {
    if (actor.role !== 'supporter') throw Problem.forbidden('supporter: for supporter accounts only');
    const rows: ConsentRow[] = await this.db.query(
      `SELECT ${CONSENT_COLUMNS}, true AS active FROM consent k JOIN client c ON c.id = k.client_id
        WHERE k.organization_id = $1 AND k.supporter_user_id = $2 AND ${activeConsentSql('k', 'c', '$3')} ORDER BY k.signed_at DESC`,
      [actor.organizationId, actor.userId, this.clock.now()],
    );
    return rows.map(toConsentView);
  }
}

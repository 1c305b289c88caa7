import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessPolicy } from '@attune/care';
import { isStaff, type Actor } from '@attune/identity';
import { Clock, isUuidLike, Problem } from '@attune/platform';
import type { Visit } from './visit.js';
import { VisitRows } from './visit-rows.js';

export interface ScheduleQuery {
  from?: Date;
  to?: Date;
  /** Only visits this staff member attends. */
  staffUserId?: string;
}

const MAX_RANGE_DAYS = 31;

/**
 * The schedule across clients: a staff member's own visits, or (for a supervisor) the whole
 * organisation's week. Each client's visits are ruled by the policy (`visits:read`) and audited, one
 * event per client, through `filterListed`.
 */
@Injectable()
export class TeamSchedule {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: AccessPolicy,
    private readonly clock: Clock,
  ) {}

  async visits(actor: Actor, query: ScheduleQuery): Promise<Visit[]> {
    if (!isStaff(actor)) throw Problem.forbidden('clients see their visits under /clients/{clientId}/visits');
    const from = query.from ?? this.clock.now();
    const to = query.to ?? new Date(from.getTime() + 7 * 86_400_000);
    if (to <= from) throw Problem.invalid('to', 'must be after from');
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000) throw Problem.invalid('to', `may be at most ${MAX_RANGE_DAYS} days after from`);
    // Everyone but a supervisor sees the visits they attend; a supervisor may narrow to one person.
    const attendee = actor.role === 'supervisor' ? (query.staffUserId ?? null) : actor.userId;
    const rows: { id: string; client_id: string; client_user_id: string; team_roles: string[] }[] = await this.db.query(
      `SELECT v.id, v.client_id, c.user_id AS client_user_id,
              ARRAY(SELECT m.team_role FROM care_team_membership m
                     WHERE m.client_id = v.client_id AND m.staff_user_id = $4
                       AND m.starts_at <= $5 AND (m.ends_at IS NULL OR m.ends_at > $5)) AS team_roles
         FROM visit v JOIN client c ON c.id = v.client_id AND c.organization_id = v.organization_id
        WHERE v.organization_id = $1 AND v.starts_at < $3 AND v.ends_at > $2
          AND ($6::uuid IS NULL OR EXISTS (SELECT 1 FROM visit_attendee a WHERE a.visit_id = v.id AND a.user_id = $6))
        ORDER BY v.starts_at, v.id
        LIMIT 2000`,
      [actor.organizationId, from, to, actor.userId, this.clock.now(), attendee && isUuidLike(attendee) ? attendee : attendee ? '00000000-0000-0000-0000-000000000000' : null],
    );
    const clients = new Map(rows.map((r) => [r.client_id, { clientId: r.client_id, organizationId: actor.organizationId, clientUserId: r.client_user_id, activeTeamRoles: r.team_roles }]));
    const allowed = new Set((await this.policy.filterListed(actor, 'visits:read', [...clients.values()], { action: 'visit.schedule_read' })).map((c) => c.clientId));
    return VisitRows.findMany(this.db.manager, actor.organizationId, rows.filter((r) => allowed.has(r.client_id)).map((r) => r.id));
  }
}


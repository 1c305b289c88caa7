import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessPolicy } from '@attune/care';
import type { Actor } from '@attune/identity';
import { Clock, Problem } from '@attune/platform';

export interface OnCallShift {
  id: string;
  staffUserId: string;
  startsAt: Date;
  endsAt: Date;
}

export interface NewShift {
  staffUserId: string;
  startsAt: Date;
  endsAt: Date;
}

/** An organisation's on-call roster: who answers escalations, when. */
@Injectable()
export class OnCallRoster {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: AccessPolicy,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, from?: Date): Promise<OnCallShift[]> {
    // Every staff member may see who is on call (clients may not).
    await this.policy.requireOrganization(actor, 'caseload:read');
    const rows: { id: string; staff_user_id: string; starts_at: Date; ends_at: Date }[] = await this.db.query(
      `SELECT id, staff_user_id, starts_at, ends_at FROM on_call_shift WHERE organization_id = $1 AND ends_at > $2 ORDER BY starts_at LIMIT 500`,
      [actor.organizationId, from ?? this.clock.now()],
    );
    return rows.map((r) => ({ id: r.id, staffUserId: r.staff_user_id, startsAt: r.starts_at, endsAt: r.ends_at }));
  }

  async add(actor: Actor, shift: NewShift): Promise<OnCallShift> {
    await this.policy.requireOrganization(actor, 'organization:manage');
    if (shift.endsAt.getTime() <= shift.startsAt.getTime()) throw Problem.invalid('endsAt', 'must be after startsAt');
    const staff: { user_id: string }[] = await this.db.query(
      `SELECT user_id FROM staff_member WHERE user_id = $1 AND organization_id = $2 AND status = 'active'`,
      [shift.staffUserId, actor.organizationId],
    );
    if (staff.length === 0) throw Problem.invalid('staffUserId', 'must be an active staff member of this organisation');
    const [row]: { id: string }[] = await this.db.query(
      `INSERT INTO on_call_shift (organization_id, staff_user_id, starts_at, ends_at, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [actor.organizationId, shift.staffUserId, shift.startsAt, shift.endsAt, actor.userId, this.clock.now()],
    );
    return { id: row.id, ...shift };
  }

  /** Whoever is on call at `at`; nobody → the supervisors of the client's team, else every active supervisor. */
  async whoIsOnCall(tx: EntityManager, organizationId: string, clientId: string | null, at: Date): Promise<string[]> {
    const onCall: { user_id: string }[] = await tx.query(
      `SELECT DISTINCT s.staff_user_id AS user_id FROM on_call_shift s JOIN staff_member m ON m.user_id = s.staff_user_id AND m.status = 'active'
        WHERE s.organization_id = $1 AND s.starts_at <= $2 AND s.ends_at > $2`,
      [organizationId, at],
    );
    if (onCall.length > 0) return onCall.map((r) => r.user_id);
    const teamSupervisors: { user_id: string }[] = clientId
      ? await tx.query(
          `SELECT DISTINCT sup.user_id FROM care_team_membership t
             JOIN staff_member m ON m.user_id = t.staff_user_id
             JOIN staff_member sup ON sup.user_id = m.supervisor_user_id AND sup.status = 'active'
            WHERE t.client_id = $1 AND t.organization_id = $2 AND t.starts_at <= $3 AND (t.ends_at IS NULL OR t.ends_at > $3)`,
          [clientId, organizationId, at],
        )
      : [];
    if (teamSupervisors.length > 0) return teamSupervisors.map((r) => r.user_id);
    const supervisors: { user_id: string }[] = await tx.query(
      `SELECT m.user_id FROM staff_member m JOIN user_account u ON u.id = m.user_id
        WHERE m.organization_id = $1 AND u.role = 'supervisor' AND m.status = 'active' AND u.disabled_at IS NULL`,
      [organizationId],
    );
    return supervisors.map((r) => r.user_id);
  }
}

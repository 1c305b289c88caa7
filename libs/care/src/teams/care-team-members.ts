import type { EntityManager } from 'typeorm';
import type { TeamRole } from '@attune/identity';

/** One membership of a care team, with the staff member's display name. */
export interface CareTeamMember {
  membershipId: string;
  clientId: string;
  userId: string;
  displayName: string;
  teamRole: TeamRole;
  startsAt: Date;
  endsAt: Date | null;
}

interface MemberRow {
  id: string;
  client_id: string;
  staff_user_id: string;
  display_name: string;
  team_role: TeamRole;
  starts_at: Date;
  ends_at: Date | null;
}

const SELECT_MEMBERS = `
  SELECT m.id, m.client_id, m.staff_user_id, s.display_name, m.team_role, m.starts_at, m.ends_at
    FROM care_team_membership m
    JOIN staff_member s ON s.user_id = m.staff_user_id AND s.organization_id = m.organization_id`;

/** Care-team queries. Each names the organisation, so a membership id from elsewhere finds nothing. */
export const CareTeamMembers = {
  /** Every membership of one client's team, past, present and planned. */
  async ofClient(manager: EntityManager, organizationId: string, clientId: string): Promise<CareTeamMember[]> {
    const rows: MemberRow[] = await manager.query(
      `${SELECT_MEMBERS} WHERE m.organization_id = $1 AND m.client_id = $2 ORDER BY m.starts_at, m.id`,
      [organizationId, clientId],
    );
    return rows.map(toMember);
  },

  /** Who is on each of these clients' teams at `at` (one query for a whole caseload page). */
  async activeFor(manager: EntityManager, organizationId: string, clientIds: string[], at: Date): Promise<CareTeamMember[]> {
    if (clientIds.length === 0) return [];
    const rows: MemberRow[] = await manager.query(
      `${SELECT_MEMBERS}
        WHERE m.organization_id = $1 AND m.client_id = ANY($2::uuid[])
          AND m.starts_at <= $3 AND (m.ends_at IS NULL OR m.ends_at > $3)
        ORDER BY m.team_role, m.starts_at, m.id`,
      [organizationId, clientIds, at],
    );
    return rows.map(toMember);
  },

  async find(manager: EntityManager, organizationId: string, clientId: string, membershipId: string): Promise<CareTeamMember | null> {
    const rows: MemberRow[] = await manager.query(`${SELECT_MEMBERS} WHERE m.organization_id = $1 AND m.client_id = $2 AND m.id = $3`, [
      organizationId,
      clientId,
      membershipId,
    ]);
    return rows[0] ? toMember(rows[0]) : null;
  },

  /** The staff member's membership in that role that covers `at`, or is still to start or end after it. */
  async openAt(manager: EntityManager, organizationId: string, clientId: string, staffUserId: string, teamRole: TeamRole, at: Date): Promise<CareTeamMember | null> {
    const rows: MemberRow[] = await manager.query(
      `${SELECT_MEMBERS}
        WHERE m.organization_id = $1 AND m.client_id = $2 AND m.staff_user_id = $3 AND m.team_role = $4
          AND (m.ends_at IS NULL OR m.ends_at > $5)
        ORDER BY m.starts_at LIMIT 1`,
      [organizationId, clientId, staffUserId, teamRole, at],
    );
    return rows[0] ? toMember(rows[0]) : null;
  },
};

function toMember(row: MemberRow): CareTeamMember {
  return {
    membershipId: row.id,
    clientId: row.client_id,
    userId: row.staff_user_id,
    displayName: row.display_name,
    teamRole: row.team_role,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
  };
}

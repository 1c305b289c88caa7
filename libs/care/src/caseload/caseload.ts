import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor, TeamRole } from '@attune/identity';
import { Clock, isUuidLike, Problem } from '@attune/platform';
import type { ClientStatus, Connectivity } from '../entities/client.entity.js';
import { AccessPolicy } from '../policy/access-policy.js';
import { CareTeamMembers, type CareTeamMember } from '../teams/care-team-members.js';

export interface CaseloadQuery {
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
  status?: ClientStatus;
}

/** One client on a caseload: enough to plan the day, no clinical content. */
export interface CaseloadEntry {
  id: string;
  preferredName: string;
  status: ClientStatus;
  connectivity: Connectivity;
  timeZone: string;
  /** The asking staff member's role on this client's team; null for supervisors and admins. */
  teamRole: TeamRole | null;
  team: CareTeamMember[];
}

export interface CaseloadPage {
  items: CaseloadEntry[];
  nextCursor: string | null;
}

export const CASELOAD_DEFAULT_LIMIT = 50;
export const CASELOAD_MAX_LIMIT = 200;

interface Row {
  id: string;
  organization_id: string;
  user_id: string;
  preferred_name: string;
  status: ClientStatus;
  connectivity: Connectivity;
  time_zone: string;
  team_roles: TeamRole[];
}

/**
 * A staff member's clients: their own teams' clients, or (supervisors, admins) every client of the
 * organisation. Pages follow registration order, keyed by client id so the cursor carries no client data.
 */
@Injectable()
export class Caseload {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: AccessPolicy,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, query: CaseloadQuery = {}): Promise<CaseloadPage> {
    await this.policy.requireOrganization(actor, 'caseload:read');
    const limit = Math.min(query.limit ?? CASELOAD_DEFAULT_LIMIT, CASELOAD_MAX_LIMIT);
    const organizationId = actor.organizationId;
    if (query.cursor !== undefined && !(await this.isClientOf(organizationId, query.cursor))) {
      throw Problem.invalid('cursor', 'is not a cursor from a previous page');
    }
    const now = this.clock.now();
    const wholeOrganization = this.policy.can(actor, 'clients:list-all');
    const rows: Row[] = await this.db.query(
      `SELECT c.id, c.organization_id, c.user_id, c.preferred_name, c.status, c.connectivity, u.time_zone,
              ARRAY(SELECT m.team_role FROM care_team_membership m
                     WHERE m.client_id = c.id AND m.organization_id = c.organization_id AND m.staff_user_id = $2
                       AND m.starts_at <= $3 AND (m.ends_at IS NULL OR m.ends_at > $3)) AS team_roles
         FROM client c JOIN user_account u ON u.id = c.user_id AND u.organization_id = c.organization_id
        WHERE c.organization_id = $1
          ${wholeOrganization ? '' : ONLY_MY_TEAMS}
          AND ($4::text IS NULL OR c.status = $4)
          AND ($5::uuid IS NULL OR (c.created_at, c.id) > (SELECT created_at, id FROM client WHERE id = $5 AND organization_id = $1))
        ORDER BY c.created_at, c.id
        LIMIT $6`,
      [organizationId, actor.userId, now, query.status ?? null, query.cursor ?? null, limit + 1],
    );
    const page = rows.slice(0, limit);
    const allowed = await this.policy.filterListed(
      actor,
      'client:read',
      page.map((row) => ({ ...row, clientId: row.id, organizationId: row.organization_id, clientUserId: row.user_id, activeTeamRoles: row.team_roles })),
      { action: 'caseload.read' },
    );
    const team = await CareTeamMembers.activeFor(this.db.manager, organizationId, allowed.map((c) => c.clientId), now);
    return {
      items: allowed.map((row) => ({
        id: row.id,
        preferredName: row.preferred_name,
        status: row.status,
        connectivity: row.connectivity,
        timeZone: row.time_zone,
        teamRole: row.team_roles[0] ?? null,
        team: team.filter((m) => m.clientId === row.id),
      })),
      nextCursor: rows.length > limit ? page[page.length - 1].id : null,
    };
  }

  private async isClientOf(organizationId: string, clientId: string): Promise<boolean> {
    if (!isUuidLike(clientId)) return false;
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM client WHERE id = $1 AND organization_id = $2`, [clientId, organizationId]);
    return rows.length > 0;
  }
}

/** Staff who are not supervisors or admins see the clients whose team they are on right now. */
const ONLY_MY_TEAMS = `AND c.id IN (SELECT m.client_id FROM care_team_membership m
                                     WHERE m.staff_user_id = $2 AND m.organization_id = $1
                                       AND m.starts_at <= $3 AND (m.ends_at IS NULL OR m.ends_at > $3))`;

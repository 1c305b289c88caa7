import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessPolicy } from '@attune/care';
import type { Actor } from '@attune/identity';
import { Clock, preparedQuery } from '@attune/platform';
import { MODULE_OVERDUE_AFTER_DAYS } from '../plans/unlocks.js';

/** One client's place in the curriculum, as on a caseload (the figures of `computeProgress`). */
export interface CaseloadProgressEntry {
  clientId: string;
  preferredName: string;
  status: string;
  enrolled: boolean;
  paused: boolean;
  currentWeek: number;
  totalWeeks: number;
  activitiesDone: number;
  activitiesUnlocked: number;
  percentDone: number;
  modulesOverdue: number;
}

interface Row {
  client_id: string;
  organization_id: string;
  user_id: string;
  preferred_name: string;
  status: string;
  team_roles: string[];
  enrolled: boolean;
  paused: boolean;
  total_weeks: number;
  current_week: number;
  modules_overdue: number;
  activities_done: number;
  activities_unlocked: number;
  percent_done: number;
}

/**
 * The whole caseload's figures in ONE query (plus the policy's one audit insert): per client, today is
 * the client's local date (or the pause day), and the same definitions as `computeProgress` are applied
 * in SQL. Prepared, because it runs on every dashboard load.
 */
export const CASELOAD_PROGRESS_SQL = (onlyMyTeams: boolean) => `
  SELECT c.id AS client_id, c.organization_id, c.user_id, c.preferred_name, c.status,
         ARRAY(SELECT tm.team_role FROM care_team_membership tm
                WHERE tm.client_id = c.id AND tm.staff_user_id = $2 AND tm.starts_at <= $3 AND (tm.ends_at IS NULL OR tm.ends_at > $3)) AS team_roles,
         e.id IS NOT NULL AS enrolled, e.paused_on IS NOT NULL AS paused,
         coalesce(p.total_weeks, 0) AS total_weeks, coalesce(p.current_week, 0) AS current_week, coalesce(p.modules_overdue, 0) AS modules_overdue,
         coalesce(q.done, 0) AS activities_done, coalesce(q.unlocked, 0) AS activities_unlocked,
         CASE WHEN coalesce(q.counted, 0) = 0 THEN 0 ELSE round(100.0 * q.done / q.counted)::int END AS percent_done
    FROM client c
    JOIN user_account u ON u.id = c.user_id AND u.organization_id = c.organization_id
    LEFT JOIN curriculum_enrolment e ON e.client_id = c.id AND e.organization_id = c.organization_id
    LEFT JOIN LATERAL (SELECT coalesce(e.paused_on, ($3::timestamptz AT TIME ZONE u.time_zone)::date) AS today) t ON e.id IS NOT NULL
    LEFT JOIN LATERAL (
      SELECT count(*)::int AS total_weeks,
             coalesce(max(m.week) FILTER (WHERE m.unlock_date <= t.today), 0)::int AS current_week,
             (count(*) FILTER (WHERE m.due_date <= t.today AND m.status NOT IN ('done', 'skipped')))::int AS modules_overdue
        FROM (SELECT pm.week, pm.unlock_date, pm.status,
                     coalesce(lead(pm.unlock_date) OVER (ORDER BY pm.week), pm.unlock_date + ${MODULE_OVERDUE_AFTER_DAYS}) AS due_date
                FROM curriculum_plan_module pm WHERE pm.enrolment_id = e.id) m
    ) p ON e.id IS NOT NULL
    LEFT JOIN LATERAL (
      -- Unlock dates never decrease with the week (a resume moves every later week alike), so the
      -- unlocked activities are those up to the current week: read by the (client_id, week) index.
      SELECT (count(*) FILTER (WHERE a.status = 'done'))::int AS done, count(*)::int AS unlocked,
             (count(*) FILTER (WHERE a.status <> 'skipped'))::int AS counted
        FROM curriculum_plan_activity a
       WHERE a.client_id = c.id AND a.week <= p.current_week
    ) q ON e.id IS NOT NULL
   WHERE c.organization_id = $1
     ${onlyMyTeams ? `AND EXISTS (SELECT 1 FROM care_team_membership tm WHERE tm.client_id = c.id AND tm.staff_user_id = $2 AND tm.organization_id = $1 AND tm.starts_at <= $3 AND (tm.ends_at IS NULL OR tm.ends_at > $3))` : ''}
   ORDER BY c.created_at, c.id`;

@Injectable()
export class CaseloadProgress {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    private readonly clock: Clock,
  ) {}

  /** A staff member's clients (own teams; a supervisor's whole organisation) with their curriculum figures. */
  async list(actor: Actor): Promise<CaseloadProgressEntry[]> {
    await this.access.requireOrganization(actor, 'caseload:read');
    const wholeOrganization = this.access.can(actor, 'clients:list-all');
    const rows = await preparedQuery<Row>(
      this.db.manager,
      wholeOrganization ? 'curriculum-caseload-all' : 'curriculum-caseload-mine',
      CASELOAD_PROGRESS_SQL(!wholeOrganization),
      [actor.organizationId, actor.userId, this.clock.now()],
    );
    const allowed = await this.access.filterListed(
      actor,
      'curriculum:read',
      rows.map((r) => ({ ...r, clientId: r.client_id, organizationId: r.organization_id, clientUserId: r.user_id, activeTeamRoles: r.team_roles })),
      { action: 'curriculum.caseload-progress' },
    );
    return allowed.map((r) => ({
      clientId: r.client_id,
      preferredName: r.preferred_name,
      status: r.status,
      enrolled: r.enrolled,
      paused: r.paused,
      currentWeek: r.current_week,
      totalWeeks: r.total_weeks,
      activitiesDone: r.activities_done,
      activitiesUnlocked: r.activities_unlocked,
      percentDone: r.percent_done,
      modulesOverdue: r.modules_overdue,
    }));
  }
}

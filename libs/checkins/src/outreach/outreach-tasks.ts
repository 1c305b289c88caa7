import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessPolicy } from '@attune/care';
import type { Actor } from '@attune/identity';
import { Clock, DomainEvents, Problem, Realtime, Rooms, type AfterCommit, type VisitEvent } from '@attune/platform';
import { Alerts } from '../alerts/alerts.js';
import { SEVERITY } from '../risk/risk-rules.js';
import { emitting, outreachClosedEmit } from './outreach-events.js';

export type OutreachCloseReason = 'contact_made' | 'check_in' | 'visit_completed';

export interface OutreachTaskView {
  id: string;
  clientId: string;
  assigneeUserId: string | null;
  status: 'open' | 'done';
  /** The last local day with a check-in (or contact) before the quiet days. */
  quietSince: string;
  openedAt: Date;
  closedAt: Date | null;
  closedBy: string | null;
  closeReason: OutreachCloseReason | null;
}

interface TaskRow {
  id: string;
  client_id: string;
  assignee_user_id: string | null;
  status: 'open' | 'done';
  quiet_since: string;
  opened_at: Date;
  closed_at: Date | null;
  closed_by: string | null;
  close_reason: OutreachCloseReason | null;
}

interface QuietClient {
  client_id: string;
  organization_id: string;
  /** Whole local days since the last check-in (or since the client was added). */
  missed_checkin_days: number;
  last_checkin_day: string;
  /** Whole local days since the last check-in or the last contact a peer coach recorded. */
  quiet_days: number;
  quiet_since: string;
  outreach_after_days: number;
  missed_days_alert: number;
  escalate_after_seconds: number;
}

const COLUMNS = `id, client_id, assignee_user_id, status, quiet_since::text AS quiet_since, opened_at, closed_at, closed_by, close_reason`;

/**
 * Every current client with their quiet days counted in their own zone: today (not over yet) does not
 * count, so a client who checked in on Monday has missed 2 days on Thursday. A client never heard from
 * counts from the day they were added; contact a peer coach recorded restarts the outreach count (a new
 * task needs new quiet days) but not the missed-check-in alert's.
 */
const QUIET_CLIENTS = `
  WITH base AS (
    SELECT c.id AS client_id, c.organization_id, ($1::timestamptz AT TIME ZONE u.time_zone)::date AS today,
           coalesce((SELECT max(k.local_date) FROM check_in k WHERE k.client_id = c.id), (c.created_at AT TIME ZONE u.time_zone)::date) AS last_checkin_day,
           (SELECT max((t.closed_at AT TIME ZONE u.time_zone)::date) FROM outreach_task t WHERE t.client_id = c.id AND t.close_reason = 'contact_made') AS last_contact_day,
           coalesce(s.outreach_after_days, 2) AS outreach_after_days, coalesce(s.missed_days_alert, 3) AS missed_days_alert,
           coalesce(s.escalate_after_seconds, 900) AS escalate_after_seconds
      FROM client c JOIN user_account u ON u.id = c.user_id LEFT JOIN risk_settings s ON s.organization_id = c.organization_id
     WHERE c.status IN ('intake', 'active', 'aftercare') AND u.disabled_at IS NULL)
  SELECT client_id, organization_id, last_checkin_day::text AS last_checkin_day, today - last_checkin_day - 1 AS missed_checkin_days,
         greatest(last_checkin_day, last_contact_day)::text AS quiet_since, today - greatest(last_checkin_day, last_contact_day) - 1 AS quiet_days,
         outreach_after_days, missed_days_alert, escalate_after_seconds
    FROM base
   WHERE today - last_checkin_day - 1 >= missed_days_alert OR today - greatest(last_checkin_day, last_contact_day) - 1 >= outreach_after_days`;

/**
 * Quiet clients: after N local days without a check-in (organisation setting, default 2) the client's peer
 * coach is asked to reach out — one open task per client, never two. It closes when contact is made: the
 * peer coach records it, the client checks in (CheckIns closes it in the check-in's transaction) or a
 * visit is completed. A repair, not a penalty: the wording is "reach out", and the client never sees it.
 */
@Injectable()
export class OutreachTasks implements OnModuleInit {
  private readonly log = new Logger('outreach');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: AccessPolicy,
    private readonly alerts: Alerts,
    private readonly realtime: Realtime,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.events.subscribe('visit.completed', (event, tx) => this.closeOnVisit(event, tx));
  }

  /**
   * The daily sweep (the worker runs it every hour; a repeat changes nothing): opens the outreach tasks and
   * raises the missed-check-in alerts that are due. Returns how many tasks it opened.
   */
  async sweep(): Promise<{ opened: number; alerts: number }> {
    const quiet: QuietClient[] = await this.db.query(QUIET_CLIENTS, [this.clock.now()]);
    let opened = 0;
    let alerts = 0;
    for (const client of quiet) {
      const followUps: AfterCommit[] = [];
      await this.db.transaction(async (tx) => {
        if (client.quiet_days >= client.outreach_after_days) {
          const task = await this.open(tx, client);
          if (task) {
            opened += 1;
            followUps.push(emitting(() => this.realtime.to(Rooms.careTeam(client.client_id)).emit('outreach.updated', { taskId: task, clientId: client.client_id, status: 'open' })));
          }
        }
        if (client.missed_checkin_days >= client.missed_days_alert) {
          const { raised, afterCommit } = await this.alerts.raise(
            tx,
            [{ organizationId: client.organization_id, clientId: client.client_id, rule: 'missed_checkins', severity: SEVERITY.missed_checkins, sourceKey: `missed:${client.client_id}:${client.last_checkin_day}` }],
            client.escalate_after_seconds,
          );
          alerts += raised.length;
          followUps.push(...afterCommit);
        }
      });
      await this.events.afterCommit(followUps);
    }
    if (opened + alerts > 0) this.log.log({ opened, alerts }, 'quiet clients swept');
    return { opened, alerts };
  }

  async list(actor: Actor, clientId: string): Promise<OutreachTaskView[]> {
    const access = await this.policy.require(actor, clientId, 'outreach:read', { action: 'outreach.list' });
    const rows: TaskRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM outreach_task WHERE client_id = $1 AND organization_id = $2 ORDER BY (status = 'open') DESC, opened_at DESC LIMIT 100`,
      [clientId, access.organizationId],
    );
    return rows.map(view);
  }

  /** The open tasks assigned to the signed-in staff member (their "reach out" list). */
  async mine(actor: Actor): Promise<OutreachTaskView[]> {
    await this.policy.requireOrganization(actor, 'caseload:read');
    const rows: TaskRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM outreach_task WHERE assignee_user_id = $1 AND organization_id = $2 AND status = 'open' ORDER BY opened_at LIMIT 200`,
      [actor.userId, actor.organizationId],
    );
    const allowed = await this.policy.filterListed(actor, 'outreach:read', await this.listed(rows.map((r) => r.client_id), actor), { action: 'outreach.mine' });
    const ids = new Set(allowed.map((c) => c.clientId));
    return rows.filter((r) => ids.has(r.client_id)).map(view);
  }

  /** The peer coach (or anyone on the team) reached the client: the task is done. */
  async contactMade(actor: Actor, clientId: string, taskId: string): Promise<OutreachTaskView> {
    const access = await this.policy.require(actor, clientId, 'outreach:update', { action: 'outreach.contact_made', subjectId: taskId });
    if (!/^[0-9a-f-]{36}$/i.test(taskId)) throw Problem.notFound('outreach task');
    const now = this.clock.now();
    const [updated]: [TaskRow[], number] = await this.db.query(
      `UPDATE outreach_task SET status = 'done', closed_at = $4, closed_by = $5, close_reason = 'contact_made'
        WHERE id = $1 AND client_id = $2 AND organization_id = $3 AND status = 'open' RETURNING ${COLUMNS}`,
      [taskId, clientId, access.organizationId, now, actor.userId],
    );
    if (updated[0]) {
      await this.events.afterCommit([outreachClosedEmit(this.realtime, taskId, clientId)]);
      return view(updated[0]);
    }
    const rows: TaskRow[] = await this.db.query(`SELECT ${COLUMNS} FROM outreach_task WHERE id = $1 AND client_id = $2 AND organization_id = $3`, [taskId, clientId, access.organizationId]);
    if (!rows[0]) throw Problem.notFound('outreach task');
    return view(rows[0]);
  }

  private async open(tx: EntityManager, client: QuietClient): Promise<string | null> {
    const now = this.clock.now();
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO outreach_task (organization_id, client_id, assignee_user_id, quiet_since, opened_at)
       VALUES ($1, $2, (SELECT m.staff_user_id FROM care_team_membership m WHERE m.client_id = $2 AND m.team_role = 'peer_coach'
                         AND m.starts_at <= $4 AND (m.ends_at IS NULL OR m.ends_at > $4) ORDER BY m.starts_at DESC LIMIT 1), $3, $4)
       ON CONFLICT (client_id) WHERE status = 'open' DO NOTHING RETURNING id`,
      [client.organization_id, client.client_id, client.quiet_since, now],
    );
    return rows[0]?.id ?? null;
  }

  /** A completed visit is contact made. */
  private async closeOnVisit(event: VisitEvent, tx: EntityManager): Promise<AfterCommit | void> {
    const [rows]: [{ id: string }[], number] = await tx.query(
      `UPDATE outreach_task SET status = 'done', closed_at = $3, close_reason = 'visit_completed' WHERE client_id = $1 AND organization_id = $2 AND status = 'open' RETURNING id`,
      [event.clientId, event.organizationId, this.clock.now()],
    );
    if (rows[0]) return outreachClosedEmit(this.realtime, rows[0].id, event.clientId);
  }

  private async listed(clientIds: string[], actor: Actor) {
    if (clientIds.length === 0) return [];
    return this.db.query<{ clientId: string; organizationId: string; clientUserId: string; activeTeamRoles: string[] }[]>(
      `SELECT c.id AS "clientId", c.organization_id AS "organizationId", c.user_id AS "clientUserId",
              ARRAY(SELECT m.team_role FROM care_team_membership m WHERE m.client_id = c.id AND m.staff_user_id = $2
                     AND m.starts_at <= $3 AND (m.ends_at IS NULL OR m.ends_at > $3)) AS "activeTeamRoles"
         FROM client c WHERE c.id = ANY($1::uuid[])`,
      [clientIds, actor.userId, this.clock.now()],
    );
  }
}

function view(row: TaskRow): OutreachTaskView {
  return {
    id: row.id,
    clientId: row.client_id,
    assigneeUserId: row.assignee_user_id,
    status: row.status,
    quietSince: row.quiet_since,
    openedAt: row.opened_at,
    closedAt: row.closed_at,
    closedBy: row.closed_by,
    closeReason: row.close_reason,
  };
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessPolicy, type ListedClient } from '@attune/care';
import type { Actor } from '@attune/identity';
import { Clock, DomainEvents, isUuidLike, Problem, Realtime, Rooms, type AfterCommit, type AlertEvent, type RiskSeverity } from '@attune/platform';
import { Escalations, type ScheduledEscalation } from '@attune/reminders';
import { emitting } from '../outreach/outreach-events.js';
import type { RiskRule } from '../risk/risk-rules.js';

export type AlertStatus = 'open' | 'acknowledged' | 'resolved';

export interface AlertView {
  id: string;
  clientId: string;
  rule: RiskRule;
  severity: RiskSeverity;
  status: AlertStatus;
  checkInId: string | null;
  measureResponseId: string | null;
  raisedAt: Date;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  resolvedBy: string | null;
  resolvedAt: Date | null;
  /** Staff-only text; never logged. */
  resolutionNote: string | null;
}

export interface NewAlert {
  organizationId: string;
  clientId: string;
  rule: RiskRule;
  severity: RiskSeverity;
  /** What fired it once (check-in and rule, a response, a quiet streak): a repeat raises nothing. */
  sourceKey: string;
  checkInId?: string | null;
  measureResponseId?: string | null;
}

interface AlertRow {
  id: string;
  client_id: string;
  rule: RiskRule;
  severity: RiskSeverity;
  status: AlertStatus;
  check_in_id: string | null;
  measure_response_id: string | null;
  raised_at: Date;
  acknowledged_by: string | null;
  acknowledged_at: Date | null;
  resolved_by: string | null;
  resolved_at: Date | null;
  resolution_note: string | null;
}

const COLUMNS = 'id, client_id, rule, severity, status, check_in_id, measure_response_id, raised_at, acknowledged_by, acknowledged_at, resolved_by, resolved_at, resolution_note';
/** Open first, then acknowledged, then resolved; newest first within each. */
const ORDER = `CASE status WHEN 'open' THEN 0 WHEN 'acknowledged' THEN 1 ELSE 2 END, raised_at DESC, id`;

/**
 * Risk alerts: raised inside the transaction that found the risk (a check-in, a measure, the missed-days
 * sweep) with their escalation scheduled in it too; emitted to the client's care-team room after commit.
 */
@Injectable()
export class Alerts {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: AccessPolicy,
    private readonly escalations: Escalations,
    private readonly realtime: Realtime,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
  ) {}

  /**
   * One statement (atomic on its own, or part of the caller's transaction): the alerts, unique by source
   * so a repeat raises nothing, with their escalations. Returns the alerts raised and the after-commit
   * work: the emit to the care team first, then the escalation jobs.
   */
  async raise(manager: EntityManager, alerts: NewAlert[], escalateAfterSeconds: number): Promise<{ raised: AlertView[]; afterCommit: AfterCommit[] }> {
    if (alerts.length === 0) return { raised: [], afterCommit: [] };
    const now = this.clock.now();
    const params: unknown[] = [now, new Date(now.getTime() + escalateAfterSeconds * 1000)];
    const values = alerts.map((a) => {
      const start = params.length;
      params.push(a.organizationId, a.clientId, a.rule, a.severity, a.sourceKey, a.checkInId ?? null, a.measureResponseId ?? null);
      return `(${Array.from({ length: 7 }, (_, i) => `$${start + i + 1}`).join(', ')}, $1)`;
    });
    const rows: (AlertRow & { escalation_id: string | null; escalation_version: number | null; escalation_due_at: Date | null })[] = await manager.query(
      `WITH raised AS (
         INSERT INTO risk_alert (organization_id, client_id, rule, severity, source_key, check_in_id, measure_response_id, raised_at)
         VALUES ${values.join(', ')} ON CONFLICT (source_key) DO NOTHING RETURNING organization_id, ${COLUMNS}),
       escalated AS (${Escalations.scheduleSql('raised', '$2', '$1')})
       SELECT r.*, e.id AS escalation_id, e.version AS escalation_version, e.due_at AS escalation_due_at
         FROM raised r LEFT JOIN escalated e ON e.alert_id = r.id`,
      params,
    );
    const raised = rows.map(view);
    const escalations = rows.flatMap((r) => (r.escalation_id ? [{ id: r.escalation_id, version: r.escalation_version!, due_at: r.escalation_due_at! }] : []));
    const { emit, escalate } = this.announce(raised, escalations);
    return { raised, afterCommit: [emit, escalate].filter((work) => work !== undefined) };
  }

  /**
   * The after-commit work of alerts a statement raised (here or in a check-in's own statement): the emit
   * to each client's care team, and the jobs that escalate them when nobody acknowledges. Run the emit first.
   */
  announce(raised: readonly AlertView[], escalations: ScheduledEscalation[]): { emit?: AfterCommit; escalate?: AfterCommit } {
    if (raised.length === 0) return {};
    return {
      emit: emitting(() => {
        for (const alert of raised) this.realtime.to(Rooms.careTeam(alert.clientId)).emit('alert.raised', alertEvent(alert));
      }),
      escalate: this.escalations.afterScheduled(escalations),
    };
  }

  async listForClient(actor: Actor, clientId: string): Promise<AlertView[]> {
    const access = await this.policy.require(actor, clientId, 'alerts:read', { action: 'alerts.list' });
    const rows: AlertRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM risk_alert WHERE client_id = $1 AND organization_id = $2 ORDER BY ${ORDER} LIMIT 200`,
      [clientId, access.organizationId],
    );
    return rows.map(view);
  }

  /** The alerts of the clients on the staff member's own teams, unresolved unless asked, open first. */
  async listForCaseload(actor: Actor, includeResolved = false): Promise<AlertView[]> {
    await this.policy.requireOrganization(actor, 'caseload:read');
    const now = this.clock.now();
    const candidates: (ListedClient & { client_user_id: string })[] = await this.db.query(
      `SELECT c.id AS "clientId", c.organization_id AS "organizationId", c.user_id AS "clientUserId",
              array_agg(m.team_role) AS "activeTeamRoles", c.user_id AS client_user_id
         FROM care_team_membership m JOIN client c ON c.id = m.client_id
        WHERE m.staff_user_id = $1 AND m.organization_id = $2 AND m.starts_at <= $3 AND (m.ends_at IS NULL OR m.ends_at > $3)
          AND EXISTS (SELECT 1 FROM risk_alert a WHERE a.client_id = c.id AND ($4 OR a.status <> 'resolved'))
        GROUP BY c.id`,
      [actor.userId, actor.organizationId, now, includeResolved],
    );
    const allowed = await this.policy.filterListed(actor, 'alerts:read', candidates, { action: 'alerts.caseload' });
    if (allowed.length === 0) return [];
    const rows: AlertRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM risk_alert WHERE organization_id = $1 AND client_id = ANY($2::uuid[]) AND ($3 OR status <> 'resolved') ORDER BY ${ORDER} LIMIT 500`,
      [actor.organizationId, allowed.map((c) => c.clientId), includeResolved],
    );
    return rows.map(view);
  }

  /** Someone has it: the escalation stops. Acknowledging twice is fine (the first one stands). */
  async acknowledge(actor: Actor, clientId: string, alertId: string): Promise<AlertView> {
    const access = await this.policy.require(actor, clientId, 'alerts:acknowledge', { action: 'alert.acknowledge', subjectId: alertId });
    return this.change(access.organizationId, clientId, alertId, async (tx, now) => {
      const [rows]: [AlertRow[], number] = await tx.query(
        `UPDATE risk_alert SET status = 'acknowledged', acknowledged_by = $4, acknowledged_at = $5
          WHERE id = $1 AND client_id = $2 AND organization_id = $3 AND status = 'open' RETURNING ${COLUMNS}`,
        [alertId, clientId, access.organizationId, actor.userId, now],
      );
      return rows[0];
    });
  }

  /** Closed with a note saying what was done. An open alert resolved directly also stops its escalation. */
  async resolve(actor: Actor, clientId: string, alertId: string, note: string): Promise<AlertView> {
    const trimmed = note.trim();
    if (!trimmed) throw Problem.invalid('note', 'must say what was done');
    const access = await this.policy.require(actor, clientId, 'alerts:resolve', { action: 'alert.resolve', subjectId: alertId });
    return this.change(access.organizationId, clientId, alertId, async (tx, now) => {
      const [rows]: [AlertRow[], number] = await tx.query(
        `UPDATE risk_alert SET status = 'resolved', resolved_by = $4, resolved_at = $5, resolution_note = $6,
                acknowledged_by = coalesce(acknowledged_by, $4), acknowledged_at = coalesce(acknowledged_at, $5)
          WHERE id = $1 AND client_id = $2 AND organization_id = $3 AND status <> 'resolved' RETURNING ${COLUMNS}`,
        [alertId, clientId, access.organizationId, actor.userId, now, trimmed],
      );
      return rows[0];
    });
  }

  private async change(
    organizationId: string,
    clientId: string,
    alertId: string,
    update: (tx: EntityManager, now: Date) => Promise<AlertRow | undefined>,
  ): Promise<AlertView> {
    if (!isUuidLike(alertId)) throw Problem.notFound('alert');
    const followUps: AfterCommit[] = [];
    const alert = await this.db.transaction(async (tx) => {
      const changed = await update(tx, this.clock.now());
      if (!changed) {
        const rows: AlertRow[] = await tx.query(`SELECT ${COLUMNS} FROM risk_alert WHERE id = $1 AND client_id = $2 AND organization_id = $3`, [alertId, clientId, organizationId]);
        if (!rows[0]) throw Problem.notFound('alert');
        return view(rows[0]);
      }
      const stop = await this.escalations.acknowledge(tx, organizationId, alertId);
      if (stop) followUps.push(stop);
      const updated = view(changed);
      followUps.push(emitting(() => this.realtime.to(Rooms.careTeam(clientId)).emit('alert.updated', alertEvent(updated))));
      return updated;
    });
    await this.events.afterCommit(followUps);
    return alert;
  }
}

export function alertEvent(alert: AlertView): AlertEvent {
  return { alertId: alert.id, clientId: alert.clientId, rule: alert.rule, severity: alert.severity, status: alert.status, raisedAt: alert.raisedAt.toISOString(), checkInId: alert.checkInId };
}

function view(row: AlertRow): AlertView {
  return {
    id: row.id,
    clientId: row.client_id,
    rule: row.rule,
    severity: row.severity,
    status: row.status,
    checkInId: row.check_in_id,
    measureResponseId: row.measure_response_id,
    raisedAt: row.raised_at,
    acknowledgedBy: row.acknowledged_by,
    acknowledgedAt: row.acknowledged_at,
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at,
    resolutionNote: row.resolution_note,
  };
}

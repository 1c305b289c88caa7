import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessPolicy, AuditTrail } from '@attune/care';
import { isStaff, type Actor } from '@attune/identity';
import { INSTRUMENT_CODES, type InstrumentCode } from '@attune/measures';
import { addDays, atLocalTime, Clock, DomainEvents, localDate, Problem, type AfterCommit } from '@attune/platform';
import { DueDateReminders } from '@attune/reminders';

/** When the outcome measures are due, per organisation. Defaults: all six instruments, intake, every 90 days, discharge. */
export interface MeasureScheduleSettings {
  instruments: InstrumentCode[];
  atIntake: boolean;
  intervalDays: number;
  atDischarge: boolean;
}

export const DEFAULT_MEASURE_SCHEDULE: MeasureScheduleSettings = { instruments: [...INSTRUMENT_CODES], atIntake: true, intervalDays: 90, atDischarge: true };

/** An administration's answers count from this many days before its due date (the window opens). */
export const WINDOW_OPENS_DAYS = 14;
/** …and it is overdue this many days after its due date if not all its instruments were answered. */
export const ADMINISTRATION_OVERDUE_AFTER_DAYS = 7;
/** The client is reminded at this local time on the due date. */
export const REMINDER_LOCAL_TIME = '09:00';

export type AdministrationStatus = 'upcoming' | 'open' | 'due' | 'overdue' | 'completed';

export interface AdministrationView {
  id: string;
  occasion: string;
  dueDate: string;
  instruments: string[];
  status: AdministrationStatus;
  completedAt: Date | null;
}

export interface OverdueAdministration extends AdministrationView {
  clientId: string;
  daysOverdue: number;
}

interface AdministrationRow {
  id: string;
  client_id: string;
  occasion: string;
  due_date: string;
  instruments: string[];
  completed_at: Date | null;
  time_zone: string;
  user_id: string;
  organization_id: string;
}

export function administrationStatus(dueDate: string, completedAt: Date | null, today: string): AdministrationStatus {
  if (completedAt) return 'completed';
  if (today > addDays(dueDate, ADMINISTRATION_OVERDUE_AFTER_DAYS)) return 'overdue';
  if (today >= dueDate) return 'due';
  if (today >= addDays(dueDate, -WINDOW_OPENS_DAYS)) return 'open';
  return 'upcoming';
}

/**
 * The schedule of outcome measures. Administrations are derived from the client's programme start and
 * status (intake on the start date, every N days after it while in the programme, discharge on the day
 * the status became discharged) and written when someone or something looks (enrolment, the schedule,
 * the overdue list, a submitted response): the derivation is idempotent (unique per client and occasion).
 * A new administration that is not yet overdue plans a reminder to the client through DueDateReminders;
 * once every instrument has an answer submitted in its window it is complete and the reminder cancelled.
 */
@Injectable()
export class MeasureSchedules implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    private readonly audit: AuditTrail,
    private readonly reminders: DueDateReminders,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.events.subscribe('measure.submitted', (event, tx) => this.completeSatisfied(tx, event.organizationId, event.clientId));
    // A discharge makes the discharge administration due now, not when someone next looks.
    this.events.subscribe('client.status_changed', async (event, tx) => {
      const followUps = await this.sync(tx, event.organizationId, event.clientId);
      return () => this.events.afterCommit(followUps);
    });
  }

  /** Every organisation's schedules, brought up to date (the worker's hourly timer: local days turn over at different hours). */
  async syncAll(): Promise<void> {
    const organizations = await this.db.query<{ id: string }[]>(`SELECT id FROM organization ORDER BY id`);
    for (const { id } of organizations) {
      const followUps = await this.db.transaction((tx) => this.sync(tx, id));
      await this.events.afterCommit(followUps);
    }
  }

  async settings(manager: EntityManager, organizationId: string): Promise<MeasureScheduleSettings> {
    const [row] = await manager.query<{ instruments: InstrumentCode[]; at_intake: boolean; interval_days: number; at_discharge: boolean }[]>(
      `SELECT instruments, at_intake, interval_days, at_discharge FROM measure_schedule_setting WHERE organization_id = $1`,
      [organizationId],
    );
    return row ? { instruments: row.instruments, atIntake: row.at_intake, intervalDays: row.interval_days, atDischarge: row.at_discharge } : { ...DEFAULT_MEASURE_SCHEDULE };
  }

  /** Staff read the organisation's schedule setting. */
  async viewSettings(actor: Actor): Promise<MeasureScheduleSettings> {
    if (!isStaff(actor)) throw Problem.forbidden('measure schedule: staff only');
    return this.settings(this.db.manager, actor.organizationId);
  }

  /** An admin changes it (`organization:manage`); administrations already written keep their dates. */
  async changeSettings(actor: Actor, settings: MeasureScheduleSettings): Promise<MeasureScheduleSettings> {
    await this.access.requireOrganization(actor, 'organization:manage');
    const unknown = settings.instruments.findIndex((code) => !(INSTRUMENT_CODES as readonly string[]).includes(code));
    if (unknown >= 0) throw Problem.invalid(`instruments.${unknown}`, `must be one of ${INSTRUMENT_CODES.join(', ')}`);
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO measure_schedule_setting (organization_id, instruments, at_intake, interval_days, at_discharge, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (organization_id) DO UPDATE SET instruments = $2, at_intake = $3, interval_days = $4, at_discharge = $5, updated_at = $6`,
        [actor.organizationId, [...new Set(settings.instruments)], settings.atIntake, settings.intervalDays, settings.atDischarge, this.clock.now()],
      );
      await this.audit.record(
        { organizationId: actor.organizationId, actorUserId: actor.userId, actorRole: actor.role, action: 'measures.schedule.change', capability: 'organization:manage', outcome: 'allowed', basis: 'admin', subjectId: actor.organizationId },
        tx,
      );
    });
    return this.settings(this.db.manager, actor.organizationId);
  }

  /** One client's administrations, oldest first (`clinical:read`: the team, a supervisor, the client, break-glass). */
  async forClient(actor: Actor, clientId: string): Promise<AdministrationView[]> {
    const access = await this.access.require(actor, clientId, 'clinical:read', { action: 'measures.schedule.read' });
    const followUps: AfterCommit[] = [];
    const rows = await this.db.transaction(async (tx) => {
      followUps.push(...(await this.sync(tx, access.organizationId, clientId)));
      return this.administrations(tx, access.organizationId, clientId);
    });
    await this.events.afterCommit(followUps);
    const now = this.clock.now();
    return rows.map((r) => administrationView(r, localDate(now, r.time_zone)));
  }

  /** Overdue administrations on the actor's caseload (own teams; a supervisor's whole organisation). */
  async overdue(actor: Actor): Promise<OverdueAdministration[]> {
    await this.access.requireOrganization(actor, 'caseload:read');
    const now = this.clock.now();
    const followUps: AfterCommit[] = [];
    await this.db.transaction(async (tx) => followUps.push(...(await this.sync(tx, actor.organizationId))));
    await this.events.afterCommit(followUps);
    const wholeOrganization = this.access.can(actor, 'clients:list-all');
    const rows = await this.db.query<(AdministrationRow & { team_roles: string[] })[]>(
      `SELECT a.id, a.client_id, a.occasion, a.due_date::text AS due_date, a.instruments, a.completed_at, u.time_zone, c.user_id, c.organization_id,
              ARRAY(SELECT m.team_role FROM care_team_membership m
                     WHERE m.client_id = c.id AND m.staff_user_id = $2 AND m.starts_at <= $3 AND (m.ends_at IS NULL OR m.ends_at > $3)) AS team_roles
         FROM measure_administration a
         JOIN client c ON c.id = a.client_id AND c.organization_id = a.organization_id
         JOIN user_account u ON u.id = c.user_id
        WHERE a.organization_id = $1 AND a.completed_at IS NULL
          AND a.due_date + ${ADMINISTRATION_OVERDUE_AFTER_DAYS} < ($3::timestamptz AT TIME ZONE u.time_zone)::date
          ${wholeOrganization ? '' : `AND EXISTS (SELECT 1 FROM care_team_membership m WHERE m.client_id = c.id AND m.staff_user_id = $2 AND m.starts_at <= $3 AND (m.ends_at IS NULL OR m.ends_at > $3))`}
        ORDER BY a.due_date, a.id`,
      [actor.organizationId, actor.userId, now],
    );
    const allowed = await this.access.filterListed(
      actor,
      'clinical:read',
      rows.map((r) => ({ ...r, clientId: r.client_id, organizationId: r.organization_id, clientUserId: r.user_id, activeTeamRoles: r.team_roles })),
      { action: 'measures.overdue.read' },
    );
    return allowed.map((r) => {
      const today = localDate(now, r.time_zone);
      return { ...administrationView(r, today), clientId: r.client_id, daysOverdue: Math.round((Date.parse(today) - Date.parse(r.due_date)) / 86_400_000) };
    });
  }

  /**
   * Writes the administrations the schedule says exist by now (and the next upcoming one) for one client
   * or the whole organisation, plans reminders for the new ones that are not overdue, and completes any
   * that responses already satisfy. Inside the caller's transaction; returns after-commit work.
   */
  async sync(tx: EntityManager, organizationId: string, clientId?: string): Promise<AfterCommit[]> {
    const settings = await this.settings(tx, organizationId);
    const now = this.clock.now();
    const created = await tx.query<{ id: string }[]>(
      `INSERT INTO measure_administration (organization_id, client_id, occasion, due_date, instruments, created_at)
       SELECT c.organization_id, c.id, o.occasion, o.due_date, $3::text[], $2
         FROM client c
         JOIN user_account u ON u.id = c.user_id
         CROSS JOIN LATERAL (SELECT ($2::timestamptz AT TIME ZONE u.time_zone)::date AS today,
                                    CASE WHEN c.status = 'discharged' THEN (c.updated_at AT TIME ZONE u.time_zone)::date END AS discharged_on) d
         CROSS JOIN LATERAL (
           SELECT 'intake' AS occasion, c.programme_start_date AS due_date WHERE $4::boolean
           UNION ALL
           SELECT 'day-' || n, c.programme_start_date + n
             FROM generate_series($5::int, coalesce(d.discharged_on, d.today + $5::int) - c.programme_start_date, $5::int) AS n
           UNION ALL
           SELECT 'discharge', d.discharged_on WHERE $6::boolean AND d.discharged_on IS NOT NULL
         ) o
        WHERE c.organization_id = $1 AND ($7::uuid IS NULL OR c.id = $7)
       ON CONFLICT (client_id, occasion) DO NOTHING
       RETURNING id`,
      [organizationId, now, settings.instruments, settings.atIntake, settings.intervalDays, settings.atDischarge, clientId ?? null],
    );
    const followUps: AfterCommit[] = [];
    if (created.length > 0) {
      const rows = await tx.query<AdministrationRow[]>(`${ADMINISTRATION_SELECT} WHERE a.id = ANY($1) ORDER BY a.due_date`, [created.map((r) => r.id)]);
      for (const row of rows) {
        const today = localDate(now, row.time_zone);
        if (administrationStatus(row.due_date, null, today) === 'overdue') continue; // the team's to chase, not a reminder's
        const at = atLocalTime(row.due_date, REMINDER_LOCAL_TIME, row.time_zone);
        const followUp = await this.reminders.plan(tx, {
          organizationId: row.organization_id,
          recipientUserId: row.user_id,
          clientId: row.client_id,
          kind: 'measure',
          subjectId: row.id,
          dueAt: at.getTime() > now.getTime() ? at : now,
        });
        if (followUp) followUps.push(followUp);
      }
    }
    const completed = await this.completeSatisfied(tx, organizationId, clientId);
    return completed ? [...followUps, completed] : followUps;
  }

  /**
   * Completes every open administration whose instruments all have an answer submitted since its window
   * opened, and cancels their reminders. (An answer late for one administration that falls in the next
   * one's window satisfies both: one sitting, not two.)
   */
  private async completeSatisfied(tx: EntityManager, organizationId: string, clientId?: string): Promise<AfterCommit | undefined> {
    // TypeORM answers an UPDATE … RETURNING on PostgreSQL with [rows, affected count].
    const [done]: [{ id: string }[], number] = await tx.query(
      `UPDATE measure_administration a SET completed_at = $3
         FROM client c JOIN user_account u ON u.id = c.user_id
        WHERE c.id = a.client_id AND a.organization_id = $1 AND ($2::uuid IS NULL OR a.client_id = $2) AND a.completed_at IS NULL
          AND a.due_date - ${WINDOW_OPENS_DAYS} <= ($3::timestamptz AT TIME ZONE u.time_zone)::date
          AND NOT EXISTS (
            SELECT 1 FROM unnest(a.instruments) AS i(code)
             WHERE NOT EXISTS (SELECT 1 FROM measure_response r
                                WHERE r.client_id = a.client_id AND r.instrument = i.code
                                  AND (r.submitted_at AT TIME ZONE u.time_zone)::date >= a.due_date - ${WINDOW_OPENS_DAYS}))
       RETURNING a.id`,
      [organizationId, clientId ?? null, this.clock.now()],
    );
    const cancels: AfterCommit[] = [];
    for (const { id } of done) {
      const cancel = await this.reminders.cancel(tx, organizationId, 'measure', id);
      if (cancel) cancels.push(cancel);
    }
    return cancels.length > 0 ? async () => { for (const cancel of cancels) await cancel(); } : undefined;
  }

  private administrations(manager: EntityManager, organizationId: string, clientId: string): Promise<AdministrationRow[]> {
    return manager.query<AdministrationRow[]>(`${ADMINISTRATION_SELECT} WHERE a.organization_id = $1 AND a.client_id = $2 ORDER BY a.due_date, a.occasion`, [organizationId, clientId]);
  }
}

const ADMINISTRATION_SELECT = `SELECT a.id, a.client_id, a.occasion, a.due_date::text AS due_date, a.instruments, a.completed_at, u.time_zone, c.user_id, a.organization_id
  FROM measure_administration a JOIN client c ON c.id = a.client_id JOIN user_account u ON u.id = c.user_id`;

function administrationView(r: AdministrationRow, today: string): AdministrationView {
  return { id: r.id, occasion: r.occasion, dueDate: r.due_date, instruments: r.instruments, status: administrationStatus(r.due_date, r.completed_at, today), completedAt: r.completed_at };
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessPolicy } from '@attune/care';
import type { Actor } from '@attune/identity';
import { AppConfig, Clock, DomainEvents, Problem, addDays, atLocalTime, localDate, type AfterCommit } from '@attune/platform';
import type { NewReminder, ReminderJobChange } from '../rows/reminder-kinds.js';
import { ReminderJobs } from '../rows/reminder-jobs.js';
import { ReminderRows } from '../rows/reminder-rows.js';
import { medicationDates, type Cadence } from './occurrences.js';

export interface NewMedicationPlan {
  cadence: Cadence;
  intervalWeeks?: number;
  /** The first local date the medication is due (YYYY-MM-DD). */
  firstDate: string;
  /** 'HH:mm' in the client's zone. */
  localTime: string;
  /** Days before each due date to remind (0 = on the day); e.g. [7, 1] for a monthly injectable. */
  advanceDays: number[];
}

export interface MedicationPlanView extends NewMedicationPlan {
  id: string;
  clientId: string;
  active: boolean;
  /** The next reminders planned, as instants. */
  upcoming: string[];
}

interface PlanRow {
  id: string;
  organization_id: string;
  client_id: string;
  user_id: string;
  time_zone: string;
  cadence: Cadence;
  interval_weeks: number | null;
  first_date: string;
  local_time: string;
  advance_days: number[];
  active: boolean;
}

const PLAN_QUERY = `SELECT p.id, p.organization_id, p.client_id, c.user_id, u.time_zone, p.cadence, p.interval_weeks, p.first_date::text AS first_date,
       p.local_time, p.advance_days, p.active
  FROM medication_plan p JOIN client c ON c.id = p.client_id AND c.organization_id = p.organization_id JOIN user_account u ON u.id = c.user_id`;

/**
 * Medication reminders (e.g. a monthly injectable, 7 days and 1 day before). Reminder texts never name the
 * medication; the plan stores none either: only the cadence and the dates.
 */
@Injectable()
export class MedicationPlans {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: AccessPolicy,
    private readonly rows: ReminderRows,
    private readonly jobs: ReminderJobs,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async create(actor: Actor, clientId: string, input: NewMedicationPlan): Promise<MedicationPlanView> {
    if (input.cadence === 'every_n_weeks' && !input.intervalWeeks) throw Problem.invalid('intervalWeeks', 'is required when cadence is every_n_weeks');
    const access = await this.policy.require(actor, clientId, 'clinical:write', { action: 'medication-plan.create' });
    let changes: ReminderJobChange[] = [];
    const view = await this.db.transaction(async (tx) => {
      const [{ id }]: { id: string }[] = await tx.query(
        `INSERT INTO medication_plan (organization_id, client_id, cadence, interval_weeks, first_date, local_time, advance_days, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
        [
          access.organizationId,
          clientId,
          input.cadence,
          input.cadence === 'every_n_weeks' ? input.intervalWeeks : null,
          input.firstDate,
          input.localTime,
          [...new Set(input.advanceDays)].sort((a, b) => b - a),
          actor.userId,
          this.clock.now(),
        ],
      );
      const plan = (await this.find(tx, access.organizationId, clientId, id))!;
      changes = await this.replan(tx, plan);
      return this.view(tx, plan);
    });
    await this.events.afterCommit(this.afterCommit(changes));
    return view;
  }

  async list(actor: Actor, clientId: string): Promise<MedicationPlanView[]> {
    const access = await this.policy.require(actor, clientId, 'clinical:read', { action: 'medication-plan.list' });
    const plans: PlanRow[] = await this.db.query(`${PLAN_QUERY} WHERE p.client_id = $1 AND p.organization_id = $2 ORDER BY p.created_at`, [
      clientId,
      access.organizationId,
    ]);
    return Promise.all(plans.map((plan) => this.view(this.db.manager, plan)));
  }

  /** Stops a plan: its pending reminders are cancelled. */
  async stop(actor: Actor, clientId: string, planId: string): Promise<MedicationPlanView> {
    const access = await this.policy.require(actor, clientId, 'clinical:write', { action: 'medication-plan.stop' });
    let ended: ReminderJobChange[] = [];
    const view = await this.db.transaction(async (tx) => {
      const plan = await this.find(tx, access.organizationId, clientId, planId);
      if (!plan) throw Problem.notFound('medication plan');
      await tx.query(`UPDATE medication_plan SET active = false, updated_at = $2 WHERE id = $1`, [planId, this.clock.now()]);
      ended = await this.rows.endScheduled(tx, access.organizationId, 'medication', planId, 'cancelled', 'cancelled');
      return this.view(tx, { ...plan, active: false });
    });
    await this.events.afterCommit([this.jobs.afterCommit(ended, { enqueue: false })].filter((w) => w !== undefined));
    return view;
  }

  /** Extends the plans whose horizon has fallen behind (the reconciler calls this). */
  async extendAll(): Promise<number> {
    const horizonEnd = addDays(localDate(this.clock.now(), 'UTC'), this.config.reminders.planDays);
    const plans: PlanRow[] = await this.db.query(
      `${PLAN_QUERY} WHERE p.active AND (p.planned_through IS NULL OR p.planned_through < $1::date - 1) LIMIT 500`,
      [horizonEnd],
    );
    let planned = 0;
    for (const plan of plans) {
      const changes = await this.db.transaction((tx) => this.replan(tx, plan));
      await this.events.afterCommit(this.afterCommit(changes));
      planned += changes.length;
    }
    return planned;
  }

  /**
   * The client's zone changed (in `tx`, which already holds the new zone): the pending reminders of their
   * active plans move to the same local times in the new zone (new versions); a pending one no longer wanted
   * (its new time has passed) is skipped as stale. Jobs are replaced by the returned after-commit work.
   */
  async replanClient(tx: EntityManager, organizationId: string, clientId: string): Promise<AfterCommit | undefined> {
    const plans: PlanRow[] = await tx.query(`${PLAN_QUERY} WHERE p.client_id = $1 AND p.organization_id = $2 AND p.active ORDER BY p.created_at`, [
      clientId,
      organizationId,
    ]);
    const changed: ReminderJobChange[] = [];
    const ended: ReminderJobChange[] = [];
    for (const plan of plans) {
      const { wanted, through } = this.wanted(plan);
      // Rows already due are being delivered: they stay. A pending one no longer wanted would arrive late.
      const due: { recipient_user_id: string; slot: string }[] = await tx.query(
        `SELECT recipient_user_id, slot FROM reminder WHERE organization_id = $1 AND kind = 'medication' AND subject_id = $2 AND status = 'scheduled' AND due_at <= $3`,
        [plan.organization_id, plan.id, this.clock.now()],
      );
      const keep = [...wanted.map((w) => ({ recipientUserId: w.recipientUserId, slot: w.slot })), ...due.map((d) => ({ recipientUserId: d.recipient_user_id, slot: d.slot }))];
      ended.push(...(await this.rows.endScheduled(tx, plan.organization_id, 'medication', plan.id, 'skipped', 'stale', { keep })));
      changed.push(...(await this.rows.upsert(tx, plan.organization_id, wanted)));
      await tx.query(`UPDATE medication_plan SET planned_through = $2 WHERE id = $1`, [plan.id, through]);
    }
    const work = [this.jobs.afterCommit(ended, { enqueue: false }), this.jobs.afterCommit(changed)].filter((w) => w !== undefined);
    if (work.length === 0) return undefined;
    return async () => {
      for (const step of work) await step();
    };
  }

  /** Reminders whose local reminder date falls from today to the horizon's end, and still ahead. */
  private async replan(tx: EntityManager, plan: PlanRow): Promise<ReminderJobChange[]> {
    const { wanted, through } = this.wanted(plan);
    const changed = await this.rows.upsert(tx, plan.organization_id, wanted);
    await tx.query(`UPDATE medication_plan SET planned_through = $2 WHERE id = $1`, [plan.id, through]);
    return changed;
  }

  /** The rows a plan wants, in the client's current zone, and the last local date they cover. */
  private wanted(plan: PlanRow): { wanted: NewReminder[]; through: string } {
    const now = this.clock.now();
    const today = localDate(now, plan.time_zone);
    const through = addDays(today, this.config.reminders.planDays - 1);
    const maxAdvance = Math.max(0, ...plan.advance_days);
    const schedule = { cadence: plan.cadence, intervalWeeks: plan.interval_weeks, firstDate: plan.first_date };
    const wanted: NewReminder[] = medicationDates(schedule, today, addDays(through, maxAdvance)).flatMap((dueDate) =>
      plan.advance_days
        .map((days) => ({ days, date: addDays(dueDate, -days) }))
        .filter(({ date }) => date >= today && date <= through)
        .map(({ days, date }) => ({ days, date, dueAt: atLocalTime(date, plan.local_time, plan.time_zone) }))
        .filter(({ dueAt }) => dueAt.getTime() > now.getTime())
        .map(({ days, dueAt }) => ({
          organizationId: plan.organization_id,
          recipientUserId: plan.user_id,
          clientId: plan.client_id,
          kind: 'medication' as const,
          subjectId: plan.id,
          slot: `${dueDate}-${days}d`,
          dueAt,
          subjectAt: atLocalTime(dueDate, plan.local_time, plan.time_zone),
        })),
    );
    return { wanted, through };
  }

  private afterCommit(changes: ReminderJobChange[]): AfterCommit[] {
    return [this.jobs.afterCommit(changes)].filter((work) => work !== undefined);
  }

  private async find(tx: EntityManager, organizationId: string, clientId: string, id: string): Promise<PlanRow | null> {
    const rows: PlanRow[] = await tx.query(`${PLAN_QUERY} WHERE p.id = $1 AND p.client_id = $2 AND p.organization_id = $3`, [id, clientId, organizationId]);
    return rows[0] ?? null;
  }

  private async view(tx: EntityManager, plan: PlanRow): Promise<MedicationPlanView> {
    const upcoming: { due_at: Date }[] = await tx.query(
      `SELECT due_at FROM reminder WHERE organization_id = $1 AND kind = 'medication' AND subject_id = $2 AND status = 'scheduled' ORDER BY due_at LIMIT 10`,
      [plan.organization_id, plan.id],
    );
    return {
      id: plan.id,
      clientId: plan.client_id,
      cadence: plan.cadence,
      ...(plan.interval_weeks ? { intervalWeeks: plan.interval_weeks } : {}),
      firstDate: plan.first_date,
      localTime: plan.local_time,
      advanceDays: plan.advance_days,
      active: plan.active,
      upcoming: upcoming.map((u) => u.due_at.toISOString()),
    };
  }
}

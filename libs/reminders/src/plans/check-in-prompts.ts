import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessPolicy } from '@attune/care';
import type { Actor } from '@attune/identity';
import { AppConfig, Clock, DomainEvents, addDays, localDate, type AfterCommit } from '@attune/platform';
import type { ReminderJobChange } from '../rows/reminder-kinds.js';
import { ReminderJobs } from '../rows/reminder-jobs.js';
import { ReminderRows } from '../rows/reminder-rows.js';
import { dailyAt } from './occurrences.js';

export interface CheckInPromptPlan {
  clientId: string;
  /** 'HH:mm' in the client's zone. */
  localTime: string;
  timeZone: string;
  active: boolean;
  /** The next prompts planned, as instants. */
  upcoming: string[];
}

interface PlanRow {
  client_id: string;
  organization_id: string;
  user_id: string;
  local_time: string;
  time_zone: string;
  active: boolean;
  planned_through: string | null;
}

interface Replanned {
  changed: ReminderJobChange[];
  ended: ReminderJobChange[];
}

const PLAN_QUERY = `SELECT p.client_id, p.organization_id, c.user_id, p.local_time, u.time_zone, p.active, p.planned_through::text AS planned_through
  FROM check_in_prompt_plan p JOIN client c ON c.id = p.client_id AND c.organization_id = p.organization_id
  JOIN user_account u ON u.id = c.user_id`;

/**
 * The daily check-in prompt at the time the client chose, in their zone, planned over a rolling horizon
 * (REMINDER_PLAN_DAYS) that the reconciler extends daily. The plan's id is the client's: one per client.
 */
@Injectable()
export class CheckInPrompts {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: AccessPolicy,
    private readonly rows: ReminderRows,
    private readonly jobs: ReminderJobs,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async get(actor: Actor, clientId: string): Promise<CheckInPromptPlan | null> {
    const access = await this.policy.require(actor, clientId, 'clinical:read', { action: 'check-in-prompt.read' });
    const plan = await this.find(this.db.manager, access.organizationId, clientId);
    return plan ? this.view(this.db.manager, plan) : null;
  }

  /** Sets (or changes) the prompt time: future prompts move to it, today's if it is still ahead. */
  async set(actor: Actor, clientId: string, input: { localTime: string; active?: boolean }): Promise<CheckInPromptPlan> {
    const access = await this.policy.require(actor, clientId, 'clinical:write', { action: 'check-in-prompt.set' });
    let changes: Replanned = { changed: [], ended: [] };
    const view = await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO check_in_prompt_plan (client_id, organization_id, local_time, active, planned_through, updated_at)
         VALUES ($1, $2, $3, $4, NULL, $5)
         ON CONFLICT (client_id) DO UPDATE SET local_time = EXCLUDED.local_time, active = EXCLUDED.active, planned_through = NULL, updated_at = EXCLUDED.updated_at`,
        [clientId, access.organizationId, input.localTime, input.active ?? true, this.clock.now()],
      );
      const plan = (await this.find(tx, access.organizationId, clientId))!;
      changes = await this.replan(tx, plan);
      return this.view(tx, plan);
    });
    await this.events.afterCommit(this.afterCommit(changes));
    return view;
  }

  /** Plans the next days of every plan whose horizon has fallen behind (the reconciler calls this). */
  async extendAll(): Promise<number> {
    const horizonEnd = addDays(localDate(this.clock.now(), 'UTC'), this.config.reminders.planDays);
    const plans: PlanRow[] = await this.db.query(`${PLAN_QUERY} WHERE p.active AND (p.planned_through IS NULL OR p.planned_through < $1::date - 1) LIMIT 500`, [
      horizonEnd,
    ]);
    let planned = 0;
    for (const plan of plans) {
      const changes = await this.db.transaction((tx) => this.replan(tx, plan));
      await this.events.afterCommit(this.afterCommit(changes));
      planned += changes.changed.length;
    }
    return planned;
  }

  /**
   * The client's zone changed (in `tx`, which already holds the new zone): the pending prompts move to the
   * same local time in the new zone (new versions); the jobs are replaced by the returned after-commit work.
   */
  async replanClient(tx: EntityManager, organizationId: string, clientId: string): Promise<AfterCommit | undefined> {
    const plan = await this.find(tx, organizationId, clientId);
    if (!plan?.active) return undefined;
    const work = this.afterCommit(await this.replan(tx, plan));
    if (work.length === 0) return undefined;
    return async () => {
      for (const step of work) await step();
    };
  }

  /** Writes the rows from today (in the client's zone) to the horizon; stops the plan's rows if inactive. */
  private async replan(tx: EntityManager, plan: PlanRow): Promise<Replanned> {
    if (!plan.active) {
      return { changed: [], ended: await this.rows.endScheduled(tx, plan.organization_id, 'check_in', plan.client_id, 'cancelled', 'cancelled') };
    }
    const now = this.clock.now();
    const today = localDate(now, plan.time_zone);
    const through = addDays(today, this.config.reminders.planDays - 1);
    const occurrences = dailyAt(plan.local_time, plan.time_zone, today, through).filter((o) => o.due.getTime() > now.getTime());
    const wanted = occurrences.map((o) => ({
        organizationId: plan.organization_id,
        recipientUserId: plan.user_id,
        clientId: plan.client_id,
        kind: 'check_in' as const,
        subjectId: plan.client_id,
        slot: o.date,
        dueAt: o.due,
        subjectAt: null,
      }));
    // A prompt time moved to earlier than now leaves today's old prompt behind: it goes.
    const ended = await this.rows.endScheduled(tx, plan.organization_id, 'check_in', plan.client_id, 'cancelled', 'cancelled', {
      keep: wanted.map((w) => ({ recipientUserId: w.recipientUserId, slot: w.slot })),
    });
    const changed = await this.rows.upsert(tx, plan.organization_id, wanted);
    await tx.query(`UPDATE check_in_prompt_plan SET planned_through = $2 WHERE client_id = $1`, [plan.client_id, through]);
    return { changed, ended };
  }

  private afterCommit(changes: Replanned): AfterCommit[] {
    return [this.jobs.afterCommit(changes.ended, { enqueue: false }), this.jobs.afterCommit(changes.changed)].filter((work) => work !== undefined);
  }

  private async find(tx: EntityManager, organizationId: string, clientId: string): Promise<PlanRow | null> {
    const rows: PlanRow[] = await tx.query(`${PLAN_QUERY} WHERE p.client_id = $1 AND p.organization_id = $2`, [clientId, organizationId]);
    return rows[0] ?? null;
  }

  private async view(tx: EntityManager, plan: PlanRow): Promise<CheckInPromptPlan> {
    const upcoming: { due_at: Date }[] = await tx.query(
      `SELECT due_at FROM reminder WHERE organization_id = $1 AND kind = 'check_in' AND subject_id = $2 AND status = 'scheduled' ORDER BY due_at LIMIT 7`,
      [plan.organization_id, plan.client_id],
    );
    return {
      clientId: plan.client_id,
      localTime: plan.local_time,
      timeZone: plan.time_zone,
      active: plan.active,
      upcoming: upcoming.map((u) => u.due_at.toISOString()),
    };
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessPolicy, type Capability, type ClientAccess } from '@attune/care';
import type { Actor } from '@attune/identity';
import { addDays, atLocalTime, Clock, DomainEvents, localDate, Problem, type AfterCommit } from '@attune/platform';
import { DueDateReminders } from '@attune/reminders';
import { MeasureSchedules, REMINDER_LOCAL_TIME } from '../schedules/measure-schedules.js';
import { CurriculumTemplates, type TemplateVersionDetail } from '../templates/curriculum-templates.js';
import { moduleStatusOf, planView, PLAN_STATUSES, type ActivityRow, type EnrolmentRow, type ModuleRow, type PlanStatus, type PlanView } from './plan-view.js';
import type { Progress } from './progress.js';
import { baseUnlockDate, effectiveToday, isUnlocked, pauseShiftDays } from './unlocks.js';

export interface ActivityChange {
  status?: string;
  skipReason?: string;
  /** The client's own words; only the client writes them. Never logged. */
  reflection?: string;
}

const REFLECTION_MAX = 10_000;

/**
 * A client's own plan from a template version: enrol, read, mark activities and reflect, review and sign
 * off, pause and resume, move to a newer version on purpose. Every call goes through the access policy
 * (which audits it) before any transaction opens.
 */
@Injectable()
export class CurriculumPlans {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    private readonly templates: CurriculumTemplates,
    private readonly schedules: MeasureSchedules,
    private readonly reminders: DueDateReminders,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
  ) {}

  /** Enrols the client on a version (the organisation's default template's latest when none is named). */
  async enrol(actor: Actor, clientId: string, templateVersionId?: string): Promise<PlanView> {
    const access = await this.access.require(actor, clientId, 'curriculum:manage', { action: 'curriculum.enrol' });
    const followUps: AfterCommit[] = [];
    await this.db.transaction(async (tx) => {
      const version = templateVersionId
        ? await this.templates.version(tx, access.organizationId, templateVersionId)
        : await this.templates.defaultVersion(tx, access.organizationId);
      const [enrolment] = await tx.query<{ id: string }[]>(
        `INSERT INTO curriculum_enrolment (organization_id, client_id, template_version_id, start_date, enrolled_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (client_id) DO NOTHING RETURNING id`,
        [access.organizationId, clientId, version.id, access.client.programmeStartDate, actor.userId, this.clock.now()],
      );
      if (!enrolment) throw Problem.conflict('clientId', 'the client already has a plan; move it to another version instead');
      await this.writeModules(tx, access, enrolment.id, version, access.client.programmeStartDate, () => 0);
      followUps.push(...(await this.schedules.sync(tx, access.organizationId, clientId)));
      followUps.push(...(await this.planUnlocks(tx, access, enrolment.id)));
    });
    await this.events.afterCommit(followUps);
    return this.read(this.db.manager, access, access.basis === 'self');
  }

  /**
   * The plan with progress; reflections only for those who may read them (see capabilities.ts). A write
   * answers with the plan too, showing reflections to the client only: staff read them through this
   * audited read.
   */
  async view(actor: Actor, clientId: string): Promise<PlanView> {
    const { access, capability } = await this.access.requireAny(actor, clientId, ['curriculum:read-reflections', 'curriculum:read'], { action: 'curriculum.read' });
    return this.read(this.db.manager, access, capability === 'curriculum:read-reflections');
  }

  /**
   * The progress figures alone, for a context that made its own decision on `access` (a supporter's
   * `progress:summary`, libs/consent): no activity names, no reflections. Null when the client is not enrolled.
   */
  async progressAfterDecision(access: ClientAccess): Promise<Progress | null> {
    const enrolment = await this.findEnrolment(this.db.manager, access);
    return enrolment && (await this.readEnrolled(this.db.manager, enrolment, false)).progress;
  }

  /** Marks an activity (client or team) and/or writes its reflection (the client alone). */
  async changeActivity(actor: Actor, clientId: string, activityKey: string, change: ActivityChange): Promise<PlanView> {
    const status = checkStatus(change);
    if (change.reflection !== undefined && (typeof change.reflection !== 'string' || change.reflection.length > REFLECTION_MAX)) {
      throw Problem.invalid('reflection', `must be text of at most ${REFLECTION_MAX} characters`);
    }
    if (status === undefined && change.reflection === undefined) throw Problem.invalid('status', 'give a status, a reflection or both');
    const capability: Capability = change.reflection !== undefined ? 'curriculum:reflect' : 'curriculum:update';
    const access = await this.access.require(actor, clientId, capability, { action: 'curriculum.activity' });
    await this.db.transaction(async (tx) => {
      const enrolment = await this.enrolment(tx, access, true);
      const [activity] = await tx.query<{ id: string; plan_module_id: string; unlock_date: string }[]>(
        `SELECT a.id, a.plan_module_id, m.unlock_date::text AS unlock_date FROM curriculum_plan_activity a
           JOIN curriculum_plan_module m ON m.id = a.plan_module_id
          WHERE m.enrolment_id = $1 AND a.activity_key = $2 FOR UPDATE OF a, m`,
        [enrolment.id, activityKey],
      );
      if (!activity) throw Problem.notFound('activity');
      this.requireUnlocked(enrolment, activity.unlock_date);
      const now = this.clock.now();
      await tx.query(
        `UPDATE curriculum_plan_activity SET
           status = coalesce($2, status),
           skip_reason = CASE WHEN $2::text IS NULL THEN skip_reason WHEN $2 = 'skipped' THEN $3 ELSE NULL END,
           done_at = CASE WHEN $2::text IS NULL THEN done_at WHEN $2 = 'done' THEN coalesce(done_at, $5) ELSE NULL END,
           reflection = CASE WHEN $4::boolean THEN $6 ELSE reflection END,
           updated_at = $5
         WHERE id = $1`,
        [activity.id, status ?? null, change.skipReason?.trim() ?? null, change.reflection !== undefined, now, change.reflection ?? null],
      );
      await this.followActivities(tx, activity.plan_module_id, now);
    });
    return this.read(this.db.manager, access, access.basis === 'self');
  }

  /** The team signs a module off once it is done or skipped; the note is for the team and the client. */
  async signOff(actor: Actor, clientId: string, week: number, note?: string): Promise<PlanView> {
    const access = await this.access.require(actor, clientId, 'curriculum:review', { action: 'curriculum.sign-off' });
    await this.db.transaction(async (tx) => {
      const module = await this.module(tx, access, week);
      if (module.status !== 'done' && module.status !== 'skipped') throw Problem.conflict('week', 'only a module that is done or skipped can be signed off');
      if (module.signed_off_at) throw Problem.conflict('week', 'already signed off');
      await tx.query(`UPDATE curriculum_plan_module SET signed_off_by = $2, signed_off_at = $3, review_note = $4, updated_at = $3 WHERE id = $1`, [module.id, actor.userId, this.clock.now(), note ?? null]);
    });
    return this.read(this.db.manager, access, access.basis === 'self');
  }

  /** The team skips a whole module with a reason (e.g. covered in a family session). */
  async skipModule(actor: Actor, clientId: string, week: number, reason: string): Promise<PlanView> {
    if (typeof reason !== 'string' || reason.trim() === '') throw Problem.invalid('reason', 'a skipped module needs a reason');
    const access = await this.access.require(actor, clientId, 'curriculum:review', { action: 'curriculum.skip-module' });
    await this.db.transaction(async (tx) => {
      const module = await this.module(tx, access, week);
      await tx.query(`UPDATE curriculum_plan_module SET status = 'skipped', skip_reason = $2, updated_at = $3 WHERE id = $1`, [module.id, reason.trim(), this.clock.now()]);
    });
    return this.read(this.db.manager, access, access.basis === 'self');
  }

  /** A pause (a hospital stay): from today (the client's local date) nothing unlocks or becomes overdue. */
  async pause(actor: Actor, clientId: string): Promise<PlanView> {
    const access = await this.access.require(actor, clientId, 'curriculum:manage', { action: 'curriculum.pause' });
    const followUps = await this.db.transaction(async (tx) => {
      const enrolment = await this.enrolment(tx, access, true);
      if (enrolment.paused_on) throw Problem.conflict('pausedOn', 'the plan is already paused');
      await tx.query(`UPDATE curriculum_enrolment SET paused_on = $2, updated_at = $3 WHERE id = $1`, [enrolment.id, localDate(this.clock.now(), enrolment.time_zone), this.clock.now()]);
      // Nothing unlocks while paused: no reminder says it does (resume plans them again at their new dates).
      return this.cancelUnlocks(tx, access, enrolment.id);
    });
    await this.events.afterCommit(followUps);
    return this.read(this.db.manager, access, access.basis === 'self');
  }

  /** Resumes: every module that had not unlocked by the pause day moves later by the days paused. */
  async resume(actor: Actor, clientId: string): Promise<PlanView> {
    const access = await this.access.require(actor, clientId, 'curriculum:manage', { action: 'curriculum.resume' });
    const followUps = await this.db.transaction(async (tx) => {
      const enrolment = await this.enrolment(tx, access, true);
      if (!enrolment.paused_on) throw Problem.conflict('pausedOn', 'the plan is not paused');
      const days = pauseShiftDays(enrolment.paused_on, localDate(this.clock.now(), enrolment.time_zone));
      await tx.query(`UPDATE curriculum_plan_module SET unlock_date = unlock_date + $3::int, updated_at = $4 WHERE enrolment_id = $1 AND unlock_date > $2::date`, [enrolment.id, enrolment.paused_on, days, this.clock.now()]);
      await tx.query(`UPDATE curriculum_enrolment SET paused_on = NULL, updated_at = $2 WHERE id = $1`, [enrolment.id, this.clock.now()]);
      return this.planUnlocks(tx, access, enrolment.id);
    });
    await this.events.afterCommit(followUps);
    return this.read(this.db.manager, access, access.basis === 'self');
  }

  /**
   * Moves the client to another version of a template, on purpose (an edit never does this). Weeks keep
   * their unlock dates and pause shifts; activities present in both keep their status and reflection.
   */
  async moveToVersion(actor: Actor, clientId: string, templateVersionId: string): Promise<PlanView> {
    const access = await this.access.require(actor, clientId, 'curriculum:manage', { action: 'curriculum.move-version' });
    const followUps = await this.db.transaction(async (tx) => {
      const enrolment = await this.enrolment(tx, access, true);
      const version = await this.templates.version(tx, access.organizationId, templateVersionId);
      if (version.id === enrolment.template_version_id) throw Problem.conflict('templateVersionId', 'the client is already on this version');
      const modules = await tx.query<{ week: number; unlock_date: string }[]>(`SELECT week, unlock_date::text AS unlock_date FROM curriculum_plan_module WHERE enrolment_id = $1`, [enrolment.id]);
      const kept = await tx.query<ActivityRow[]>(`SELECT a.activity_key, a.status, a.skip_reason, a.reflection, a.done_at FROM curriculum_plan_activity a JOIN curriculum_plan_module m ON m.id = a.plan_module_id WHERE m.enrolment_id = $1`, [enrolment.id]);
      // The pause shift so far: how far the latest module already moved past its base date.
      const shift = Math.max(0, ...modules.map((m) => daysFrom(baseUnlockDate(enrolment.start_date, m.week), m.unlock_date)));
      const unlockOf = new Map(modules.map((m) => [m.week, m.unlock_date]));
      const cancelled = await this.cancelUnlocks(tx, access, enrolment.id);
      await tx.query(`DELETE FROM curriculum_plan_module WHERE enrolment_id = $1`, [enrolment.id]);
      await tx.query(`UPDATE curriculum_enrolment SET template_version_id = $2, updated_at = $3 WHERE id = $1`, [enrolment.id, version.id, this.clock.now()]);
      await this.writeModules(tx, access, enrolment.id, version, enrolment.start_date, (week) => (unlockOf.has(week) ? daysFrom(baseUnlockDate(enrolment.start_date, week), unlockOf.get(week)!) : shift));
      await tx.query(
        `UPDATE curriculum_plan_activity a SET status = k.status, skip_reason = k.skip_reason, reflection = k.reflection, done_at = k.done_at
           FROM jsonb_to_recordset($2::jsonb) AS k(activity_key text, status text, skip_reason text, reflection text, done_at timestamptz)
          WHERE a.client_id = $1 AND a.activity_key = k.activity_key`,
        [clientId, JSON.stringify(kept)],
      );
      const moduleIds = await tx.query<{ id: string }[]>(`SELECT id FROM curriculum_plan_module WHERE enrolment_id = $1`, [enrolment.id]);
      for (const { id } of moduleIds) await this.followActivities(tx, id, this.clock.now());
      return [...cancelled, ...(await this.planUnlocks(tx, access, enrolment.id))];
    });
    await this.events.afterCommit(followUps);
    return this.read(this.db.manager, access, access.basis === 'self');
  }

  /** The client is reminded on the morning each module still ahead unlocks (09:00 in their zone). */
  private async planUnlocks(tx: EntityManager, access: ClientAccess, enrolmentId: string): Promise<AfterCommit[]> {
    const zone = access.client.timeZone;
    const ahead = await tx.query<{ id: string; unlock_date: string }[]>(
      `SELECT id, unlock_date::text AS unlock_date FROM curriculum_plan_module
        WHERE enrolment_id = $1 AND unlock_date > $2::date AND (SELECT paused_on FROM curriculum_enrolment WHERE id = $1) IS NULL`,
      [enrolmentId, localDate(this.clock.now(), zone)],
    );
    // A slot per planning: a resume plans afresh what the pause cancelled (a cancelled row is never revived).
    const slot = `unlock@${this.clock.now().toISOString()}`;
    const planned = await this.reminders.planMany(
      tx,
      access.organizationId,
      ahead.map((m) => ({ organizationId: access.organizationId, recipientUserId: access.clientUserId, clientId: access.clientId, kind: 'curriculum' as const, subjectId: m.id, slot, dueAt: atLocalTime(m.unlock_date, REMINDER_LOCAL_TIME, zone) })),
    );
    return planned ? [planned] : [];
  }

  private async cancelUnlocks(tx: EntityManager, access: ClientAccess, enrolmentId: string): Promise<AfterCommit[]> {
    const modules = await tx.query<{ id: string }[]>(`SELECT id FROM curriculum_plan_module WHERE enrolment_id = $1`, [enrolmentId]);
    const cancelled = await this.reminders.cancelMany(tx, access.organizationId, 'curriculum', modules.map((m) => m.id));
    return cancelled ? [cancelled] : [];
  }

  private async writeModules(tx: EntityManager, access: ClientAccess, enrolmentId: string, version: TemplateVersionDetail, startDate: string, shiftOf: (week: number) => number): Promise<void> {
    const weeks = version.document.modules.map((m) => ({ week: m.week, unlock_date: addDays(baseUnlockDate(startDate, m.week), shiftOf(m.week)) }));
    const now = this.clock.now();
    await tx.query(
      `INSERT INTO curriculum_plan_module (organization_id, client_id, enrolment_id, week, unlock_date, updated_at)
       SELECT $1, $2, $3, w.week, w.unlock_date, $5 FROM jsonb_to_recordset($4::jsonb) AS w(week int, unlock_date date)`,
      [access.organizationId, access.clientId, enrolmentId, JSON.stringify(weeks), now],
    );
    await tx.query(
      `INSERT INTO curriculum_plan_activity (organization_id, client_id, plan_module_id, week, activity_key, updated_at)
       SELECT $1, $2, pm.id, pm.week, a->>'key', $5
         FROM curriculum_plan_module pm
         JOIN curriculum_template_version v ON v.id = $4
         CROSS JOIN LATERAL jsonb_array_elements(v.document->'modules') m
         CROSS JOIN LATERAL jsonb_array_elements(m->'activities') a
        WHERE pm.enrolment_id = $3 AND (m->>'week')::int = pm.week`,
      [access.organizationId, access.clientId, enrolmentId, version.id, now],
    );
  }

  /** Keeps a module's status in step with its activities (unless the team skipped the whole module). */
  private async followActivities(tx: EntityManager, moduleId: string, now: Date): Promise<void> {
    const rows = await tx.query<{ status: PlanStatus }[]>(`SELECT status FROM curriculum_plan_activity WHERE plan_module_id = $1`, [moduleId]);
    await tx.query(`UPDATE curriculum_plan_module SET status = $2, skip_reason = NULL, updated_at = $3 WHERE id = $1 AND status <> 'skipped' AND status <> $2`, [moduleId, moduleStatusOf(rows.map((r) => r.status)), now]);
  }

  private requireUnlocked(enrolment: EnrolmentRow, unlockDate: string): void {
    if (!isUnlocked(unlockDate, effectiveToday(this.clock.now(), enrolment.time_zone, enrolment.paused_on))) {
      throw Problem.conflict('week', enrolment.paused_on ? 'the plan is paused and this module has not unlocked' : 'this module has not unlocked yet');
    }
  }

  private async module(tx: EntityManager, access: ClientAccess, week: number): Promise<ModuleRow & { unlock_date: string }> {
    if (!Number.isInteger(week) || week < 1 || week > 52) throw Problem.invalid('week', 'must be a whole week from 1 to 52');
    const enrolment = await this.enrolment(tx, access, true);
    const [module] = await tx.query<ModuleRow[]>(
      `SELECT id, week, unlock_date::text AS unlock_date, status, skip_reason, signed_off_by, signed_off_at, review_note
         FROM curriculum_plan_module WHERE enrolment_id = $1 AND week = $2 FOR UPDATE`,
      [enrolment.id, week],
    );
    if (!module) throw Problem.notFound('module');
    this.requireUnlocked(enrolment, module.unlock_date);
    return module;
  }

  private async enrolment(manager: EntityManager, access: ClientAccess, lock = false): Promise<EnrolmentRow> {
    const row = await this.findEnrolment(manager, access, lock);
    if (!row) throw Problem.notFound('curriculum plan');
    return row;
  }

  private async findEnrolment(manager: EntityManager, access: ClientAccess, lock = false): Promise<EnrolmentRow | null> {
    const [row] = await manager.query<EnrolmentRow[]>(
      `SELECT e.id, e.client_id, e.template_version_id, v.template_id, v.version, v.name, v.document,
              e.start_date::text AS start_date, e.paused_on::text AS paused_on, u.time_zone
         FROM curriculum_enrolment e
         JOIN curriculum_template_version v ON v.id = e.template_version_id
         JOIN client c ON c.id = e.client_id
         JOIN user_account u ON u.id = c.user_id
        WHERE e.client_id = $1 AND e.organization_id = $2 ${lock ? 'FOR UPDATE OF e' : ''}`,
      [access.clientId, access.organizationId],
    );
    return row ?? null;
  }

  private async read(manager: EntityManager, access: ClientAccess, withReflections: boolean): Promise<PlanView> {
    return this.readEnrolled(manager, await this.enrolment(manager, access), withReflections);
  }

  private async readEnrolled(manager: EntityManager, enrolment: EnrolmentRow, withReflections: boolean): Promise<PlanView> {
    const modules = await manager.query<ModuleRow[]>(
      `SELECT id, week, unlock_date::text AS unlock_date, status, skip_reason, signed_off_by, signed_off_at, review_note
         FROM curriculum_plan_module WHERE enrolment_id = $1 ORDER BY week`,
      [enrolment.id],
    );
    const activities = await manager.query<ActivityRow[]>(
      `SELECT a.plan_module_id, a.week, a.activity_key, a.status, a.skip_reason, ${withReflections ? 'a.reflection' : 'NULL::text AS reflection, (a.reflection IS NOT NULL) AS has_reflection'}, a.done_at
         FROM curriculum_plan_activity a JOIN curriculum_plan_module m ON m.id = a.plan_module_id WHERE m.enrolment_id = $1`,
      [enrolment.id],
    );
    return planView(enrolment, modules, activities, this.clock.now(), withReflections);
  }
}

function checkStatus(change: ActivityChange): PlanStatus | undefined {
  if (change.status === undefined) return undefined;
  if (!(PLAN_STATUSES as readonly string[]).includes(change.status)) throw Problem.invalid('status', `must be one of ${PLAN_STATUSES.join(', ')}`);
  if (change.status === 'skipped' && (typeof change.skipReason !== 'string' || change.skipReason.trim() === '')) throw Problem.invalid('skipReason', 'a skipped activity needs a reason');
  return change.status as PlanStatus;
}

const daysFrom = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

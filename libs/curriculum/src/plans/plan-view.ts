import type { ActivityKind, LeadRole, TemplateDocument } from '../templates/template-document.js';
import { phaseOf } from '../templates/template-document.js';
import { computeProgress, type Progress } from './progress.js';
import { effectiveToday, isOverdue, isUnlocked, moduleDueDate, unlocksAt } from './unlocks.js';

export const PLAN_STATUSES = ['not_started', 'in_progress', 'done', 'skipped'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export interface PlanActivityView {
  key: string;
  kind: ActivityKind;
  title: string;
  instructions: string;
  status: PlanStatus;
  skipReason: string | null;
  /** The client's reflection; left out for readers without `curriculum:read-reflections`. */
  reflection?: string | null;
  /** Whether a reflection was written: every reader sees this, even one who may not read it. */
  hasReflection: boolean;
  doneAt: Date | null;
}

export interface PlanModuleView {
  week: number;
  phase: string | null;
  title: string;
  goals: string[];
  teamGuide: { leadRole: LeadRole; notes: string };
  unlockDate: string;
  unlocksAt: Date;
  unlocked: boolean;
  /** When the following module unlocks: overdue from then unless done or skipped. */
  dueDate: string;
  overdue: boolean;
  status: PlanStatus;
  skipReason: string | null;
  signedOffBy: string | null;
  signedOffAt: Date | null;
  reviewNote: string | null;
  activities: PlanActivityView[];
}

export interface PlanView {
  clientId: string;
  templateId: string;
  templateVersionId: string;
  templateVersion: number;
  templateName: string;
  startDate: string;
  timeZone: string;
  pausedOn: string | null;
  progress: Progress;
  modules: PlanModuleView[];
}

export interface EnrolmentRow {
  id: string;
  client_id: string;
  template_version_id: string;
  template_id: string;
  version: number;
  name: string;
  document: TemplateDocument;
  start_date: string;
  paused_on: string | null;
  time_zone: string;
}
export interface ModuleRow {
  id: string;
  week: number;
  unlock_date: string;
  status: PlanStatus;
  skip_reason: string | null;
  signed_off_by: string | null;
  signed_off_at: Date | null;
  review_note: string | null;
}
export interface ActivityRow {
  plan_module_id: string;
  week: number;
  activity_key: string;
  status: PlanStatus;
  skip_reason: string | null;
  reflection: string | null;
  /** Set when the reflection text itself was not read. */
  has_reflection?: boolean;
  done_at: Date | null;
}

/** The plan as people read it: the template version's content joined with the client's own statuses. */
export function planView(enrolment: EnrolmentRow, modules: ModuleRow[], activities: ActivityRow[], now: Date, withReflections: boolean): PlanView {
  const zone = enrolment.time_zone;
  const today = effectiveToday(now, zone, enrolment.paused_on);
  const content = new Map(enrolment.document.modules.map((m) => [m.week, m]));
  const byModule = new Map<string, ActivityRow[]>();
  for (const a of activities) byModule.set(a.plan_module_id, [...(byModule.get(a.plan_module_id) ?? []), a]);
  const views = modules.map((m, index): PlanModuleView => {
    const dueDate = moduleDueDate(m.unlock_date, modules[index + 1]?.unlock_date);
    const template = content.get(m.week)!;
    const rows = new Map((byModule.get(m.id) ?? []).map((a) => [a.activity_key, a]));
    return {
      week: m.week,
      phase: phaseOf(enrolment.document, m.week)?.key ?? null,
      title: template.title,
      goals: template.goals,
      teamGuide: template.teamGuide,
      unlockDate: m.unlock_date,
      unlocksAt: unlocksAt(m.unlock_date, zone),
      unlocked: isUnlocked(m.unlock_date, today),
      dueDate,
      overdue: isOverdue(dueDate, m.status, today),
      status: m.status,
      skipReason: m.skip_reason,
      signedOffBy: m.signed_off_by,
      signedOffAt: m.signed_off_at,
      reviewNote: m.review_note,
      activities: template.activities.map((a) => {
        const row = rows.get(a.key);
        return {
          key: a.key,
          kind: a.kind,
          title: a.title,
          instructions: a.instructions,
          status: row?.status ?? 'not_started',
          skipReason: row?.skip_reason ?? null,
          ...(withReflections ? { reflection: row?.reflection ?? null } : {}),
          hasReflection: row?.has_reflection ?? Boolean(row?.reflection),
          doneAt: row?.done_at ?? null,
        };
      }),
    };
  });
  return {
    clientId: enrolment.client_id,
    templateId: enrolment.template_id,
    templateVersionId: enrolment.template_version_id,
    templateVersion: enrolment.version,
    templateName: enrolment.name,
    startDate: enrolment.start_date,
    timeZone: zone,
    pausedOn: enrolment.paused_on,
    progress: computeProgress(
      modules.map((m) => ({ week: m.week, unlockDate: m.unlock_date, status: m.status, activities: byModule.get(m.id) ?? [] })),
      now,
      zone,
      enrolment.paused_on,
    ),
    modules: views,
  };
}

/** A module's status follows its activities: all done or skipped → done; any started → in progress. */
export function moduleStatusOf(activityStatuses: PlanStatus[]): PlanStatus {
  if (activityStatuses.length > 0 && activityStatuses.every((s) => s === 'done' || s === 'skipped')) return 'done';
  if (activityStatuses.some((s) => s !== 'not_started')) return 'in_progress';
  return 'not_started';
}

import type { FieldError } from '@attune/platform';

/** The kinds of thing a client does in a module. A `meeting` is e.g. a remote self-help meeting to attend. */
export const ACTIVITY_KINDS = ['reading', 'reflection', 'practice', 'meeting'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** The team member who leads a module (the others support). */
export const LEAD_ROLES = ['clinician', 'peer_coach', 'case_manager'] as const;
export type LeadRole = (typeof LEAD_ROLES)[number];

export const MAX_WEEKS = 52;

export interface TemplateActivity {
  /** Unique within the template; progress follows it when a client moves to a newer version. */
  key: string;
  kind: ActivityKind;
  title: string;
  instructions: string;
}

export interface TemplateModule {
  week: number;
  title: string;
  goals: string[];
  activities: TemplateActivity[];
  teamGuide: { leadRole: LeadRole; notes: string };
}

export interface TemplatePhase {
  key: string;
  title: string;
  fromWeek: number;
  toWeek: number;
  summary: string;
}

/** A curriculum as imported and exported (JSON): phases, one module per week, activities, team guides. */
export interface TemplateDocument {
  name: string;
  description: string;
  phases: TemplatePhase[];
  modules: TemplateModule[];
}

export type Validated = { ok: true; document: TemplateDocument } | { ok: false; errors: FieldError[] };

const TEXT_MAX = 4000;

/**
 * Checks an imported document field by field; every error names the path of the bad field
 * (`modules[3].activities[0].kind`) so a 422 tells the admin exactly what to fix. Unknown fields are
 * dropped, so an export re-imports to the same document.
 */
export function validateTemplateDocument(input: unknown): Validated {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => {
    errors.push({ field, message });
    return undefined;
  };
  const text = (value: unknown, field: string, max = TEXT_MAX): string | undefined => {
    if (typeof value !== 'string' || value.trim() === '') return fail(field, 'must be a non-empty string');
    if (value.length > max) return fail(field, `must be at most ${max} characters`);
    return value;
  };
  const week = (value: unknown, field: string): number | undefined =>
    Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_WEEKS ? (value as number) : fail(field, `must be a whole week from 1 to ${MAX_WEEKS}`);
  const list = (value: unknown, field: string, min = 1): unknown[] => {
    if (!Array.isArray(value)) return (fail(field, 'must be an array'), []);
    if (value.length < min) fail(field, `must have at least ${min} item${min === 1 ? '' : 's'}`);
    return value;
  };
  const object = (value: unknown, field: string): Record<string, unknown> =>
    value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : (fail(field, 'must be an object'), {});

  const root = object(input, 'document');
  if (errors.length > 0) return { ok: false, errors };
  const name = text(root.name, 'name', 200);
  const description = root.description === undefined ? '' : text(root.description, 'description');

  const phases = list(root.phases, 'phases').map((raw, i) => {
    const p = object(raw, `phases[${i}]`);
    const phase = {
      key: text(p.key, `phases[${i}].key`, 100),
      title: text(p.title, `phases[${i}].title`, 200),
      fromWeek: week(p.fromWeek, `phases[${i}].fromWeek`),
      toWeek: week(p.toWeek, `phases[${i}].toWeek`),
      summary: p.summary === undefined ? '' : text(p.summary, `phases[${i}].summary`),
    };
    if (phase.fromWeek !== undefined && phase.toWeek !== undefined && phase.fromWeek > phase.toWeek) fail(`phases[${i}].toWeek`, 'must not be before fromWeek');
    return phase;
  });

  const weeks = new Set<number>();
  const keys = new Set<string>();
  const modules = list(root.modules, 'modules').map((raw, i) => {
    const m = object(raw, `modules[${i}]`);
    const at = `modules[${i}]`;
    const moduleWeek = week(m.week, `${at}.week`);
    if (moduleWeek !== undefined) {
      if (weeks.has(moduleWeek)) fail(`${at}.week`, `week ${moduleWeek} appears twice`);
      weeks.add(moduleWeek);
      if (!phases.some((p) => p.fromWeek !== undefined && p.toWeek !== undefined && p.fromWeek <= moduleWeek && moduleWeek <= p.toWeek)) fail(`${at}.week`, 'is in no phase');
    }
    const guide = object(m.teamGuide, `${at}.teamGuide`);
    const leadRole = (LEAD_ROLES as readonly unknown[]).includes(guide.leadRole) ? (guide.leadRole as LeadRole) : fail(`${at}.teamGuide.leadRole`, `must be one of ${LEAD_ROLES.join(', ')}`);
    return {
      week: moduleWeek,
      title: text(m.title, `${at}.title`, 200),
      goals: list(m.goals, `${at}.goals`).map((g, j) => text(g, `${at}.goals[${j}]`, 500)),
      activities: list(m.activities, `${at}.activities`).map((rawActivity, j) => {
        const a = object(rawActivity, `${at}.activities[${j}]`);
        const key = text(a.key, `${at}.activities[${j}].key`, 100);
        if (key !== undefined) {
          if (keys.has(key)) fail(`${at}.activities[${j}].key`, 'is used twice in this template');
          keys.add(key);
        }
        return {
          key,
          kind: (ACTIVITY_KINDS as readonly unknown[]).includes(a.kind) ? (a.kind as ActivityKind) : fail(`${at}.activities[${j}].kind`, `must be one of ${ACTIVITY_KINDS.join(', ')}`),
          title: text(a.title, `${at}.activities[${j}].title`, 200),
          instructions: text(a.instructions, `${at}.activities[${j}].instructions`),
        };
      }),
      teamGuide: { leadRole, notes: guide.notes === undefined ? '' : text(guide.notes, `${at}.teamGuide.notes`) },
    };
  });
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    document: {
      name: name!,
      description: description ?? '',
      phases: phases as TemplatePhase[],
      modules: (modules as TemplateModule[]).sort((a, b) => a.week - b.week),
    },
  };
}

/** The phase a week belongs to (the first that covers it). */
export const phaseOf = (document: TemplateDocument, week: number): TemplatePhase | undefined =>
  document.phases.find((p) => p.fromWeek <= week && week <= p.toWeek);

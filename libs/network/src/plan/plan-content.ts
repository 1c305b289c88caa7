import type { FieldError } from '@attune/platform';

export const TRIGGER_CATEGORIES = ['cravings', 'places', 'people', 'times', 'feelings'] as const;
export type TriggerCategory = (typeof TRIGGER_CATEGORIES)[number];

export interface PlanTrigger {
  category: TriggerCategory;
  description: string;
}

export interface CrisisLine {
  name: string;
  phone: string;
}

/** The relapse-prevention plan, as the client owns it. `peopleToCall` are social-map people, in order. */
export interface PlanContent {
  warningSigns: string[];
  triggers: PlanTrigger[];
  copingStrategies: string[];
  peopleToCall: string[];
  reasonsForRecovery: string[];
  crisisLines: CrisisLine[];
}

export const PLAN_SECTIONS = [
  'warningSigns',
  'triggers',
  'copingStrategies',
  'peopleToCall',
  'reasonsForRecovery',
  'crisisLines',
] as const;

export const EMPTY_PLAN: PlanContent = {
  warningSigns: [],
  triggers: [],
  copingStrategies: [],
  peopleToCall: [],
  reasonsForRecovery: [],
  crisisLines: [],
};

/** The coping steps alone: what a supporter with `plan:coping` reads. */
export interface CopingSteps {
  version: number;
  copingStrategies: string[];
  crisisLines: CrisisLine[];
}

/** Which sections differ between two versions (the history says "who changed what"). */
export function changedSections(before: PlanContent, after: PlanContent): string[] {
  return PLAN_SECTIONS.filter((s) => JSON.stringify(before[s]) !== JSON.stringify(after[s]));
}

/** Rules the DTO's shape checks cannot see: each person to call once, and on this client's map. */
export function checkPeopleToCall(peopleToCall: string[], onMap: Set<string>): FieldError[] {
  const errors: FieldError[] = [];
  peopleToCall.forEach((id, i) => {
    if (!onMap.has(id))
      errors.push({ field: `peopleToCall.${i}`, message: "is not on the client's social map" });
    else if (peopleToCall.indexOf(id) !== i)
      errors.push({ field: `peopleToCall.${i}`, message: 'is listed twice' });
  });
  return errors;
}

/** Copies only the plan's own fields, in a fixed order, so stored versions compare cleanly. */
export function normalisePlan(content: PlanContent): PlanContent {
  return {
    warningSigns: content.warningSigns.map((s) => s.trim()),
    triggers: content.triggers.map((t) => ({ category: t.category, description: t.description.trim() })),
    copingStrategies: content.copingStrategies.map((s) => s.trim()),
    peopleToCall: [...content.peopleToCall],
    reasonsForRecovery: content.reasonsForRecovery.map((s) => s.trim()),
    crisisLines: content.crisisLines.map((l) => ({ name: l.name.trim(), phone: l.phone.trim() })),
  };
}

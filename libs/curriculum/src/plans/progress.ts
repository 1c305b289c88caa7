import { effectiveToday, isOverdue, isUnlocked, moduleDueDate } from './unlocks.js';

export interface ProgressModule {
  week: number;
  unlockDate: string;
  status: string;
  activities: { status: string }[];
}

/**
 * Where a client is (the same figures the caseload view computes in SQL; see caseload-progress.ts):
 * - `currentWeek`: the highest week unlocked (0 before the start), of `totalWeeks`.
 * - `percentDone`: activities done ÷ activities unlocked so far, skipped ones left out, rounded to a whole
 *   per cent (0 when nothing is due yet). "80 % done" is about what the client has been given so far.
 * - `modulesOverdue`: modules not done or skipped once the following module has unlocked (see unlocks.ts).
 * While paused, the day of the pause stands for today.
 */
export interface Progress {
  currentWeek: number;
  totalWeeks: number;
  activitiesDone: number;
  activitiesUnlocked: number;
  percentDone: number;
  modulesOverdue: number;
  paused: boolean;
}

export function computeProgress(modules: ProgressModule[], now: Date, zone: string, pausedOn: string | null): Progress {
  const today = effectiveToday(now, zone, pausedOn);
  const ordered = [...modules].sort((a, b) => a.week - b.week);
  const unlocked = ordered.filter((m) => isUnlocked(m.unlockDate, today));
  const activities = unlocked.flatMap((m) => m.activities);
  const done = activities.filter((a) => a.status === 'done').length;
  const counted = activities.filter((a) => a.status !== 'skipped').length;
  return {
    currentWeek: Math.max(0, ...unlocked.map((m) => m.week)),
    totalWeeks: modules.length,
    activitiesDone: done,
    activitiesUnlocked: activities.length,
    percentDone: percent(done, counted),
    modulesOverdue: ordered.filter((m, i) => isOverdue(moduleDueDate(m.unlockDate, ordered[i + 1]?.unlockDate), m.status, today)).length,
    paused: pausedOn !== null,
  };
}

export const percent = (done: number, of: number): number => (of === 0 ? 0 : Math.round((100 * done) / of));

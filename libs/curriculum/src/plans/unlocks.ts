import { addDays, atLocalTime, daysBetween, localDate } from '@attune/platform';

/**
 * When a module unlocks: week w opens at the client's LOCAL midnight on the local date
 * `start + 7 (w − 1)` (+ any shift from pauses), wherever the server runs and whatever daylight saving does.
 * Dates are calendar dates in the client's zone; instants come from `unlocksAt`.
 */
export const baseUnlockDate = (startDate: string, week: number): string => addDays(startDate, 7 * (week - 1));

/** The instant a module opens: local midnight of its unlock date in the client's zone. */
export const unlocksAt = (unlockDate: string, zone: string): Date => atLocalTime(unlockDate, '00:00', zone);

/**
 * The local date progress is measured on: today in the client's zone, or the day the plan was paused
 * (nothing unlocks and nothing becomes overdue during a hospital stay).
 */
export const effectiveToday = (now: Date, zone: string, pausedOn: string | null): string => pausedOn ?? localDate(now, zone);

export const isUnlocked = (unlockDate: string, today: string): boolean => unlockDate <= today;

/**
 * A module is due when the following module unlocks (normally 7 days after its own unlock; later when a
 * pause moved the following one, so a hospital stay never makes work overdue) and overdue from that local
 * date on while it is neither done nor skipped. The last module is due 7 days after it unlocks.
 */
export const MODULE_OVERDUE_AFTER_DAYS = 7;
export const moduleDueDate = (unlockDate: string, nextUnlockDate: string | undefined): string => nextUnlockDate ?? addDays(unlockDate, MODULE_OVERDUE_AFTER_DAYS);
export const isOverdue = (dueDate: string, status: string, today: string): boolean => dueDate <= today && status !== 'done' && status !== 'skipped';

/**
 * A resume shifts every module that had not unlocked when the pause began (unlock date after the pause
 * day) by the whole local days the plan was paused, so the client gets the rest of that week after
 * the stay and every later week keeps its length.
 */
export const pauseShiftDays = (pausedOn: string, resumedOn: string): number => Math.max(0, daysBetween(pausedOn, resumedOn));

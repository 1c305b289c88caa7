import { describe, expect, it } from '@jest/globals';
import { computeProgress } from './progress.js';
import { baseUnlockDate, pauseShiftDays, unlocksAt } from './unlocks.js';

const module = (week: number, unlockDate: string, status: string, activities: string[]) => ({ week, unlockDate, status, activities: activities.map((s) => ({ status: s })) });

describe('progress and unlocks', () => {
  it('counts weeks, the done share of unlocked activities (skipped left out) and overdue modules', () => {
    const modules = [
      module(1, '2026-01-05', 'done', ['done', 'done']),
      module(2, '2026-01-12', 'in_progress', ['done', 'not_started', 'skipped']),
      module(3, '2026-01-19', 'not_started', ['not_started', 'not_started']),
      module(4, '2026-01-26', 'not_started', ['not_started']),
    ];
    // 20 Jan in Chicago: weeks 1–3 unlocked (7 activities, 1 skipped → 6 counted, 3 done = 50 %); week 2 due 19 Jan: overdue.
    expect(computeProgress(modules, new Date('2026-01-20T18:00:00Z'), 'America/Chicago', null)).toEqual({
      currentWeek: 3, totalWeeks: 4, activitiesDone: 3, activitiesUnlocked: 7, percentDone: 50, modulesOverdue: 1, paused: false,
    });
    // 05:30 UTC on 19 Jan is still 18 Jan in Chicago: week 3 locked, week 2 not yet overdue.
    expect(computeProgress(modules, new Date('2026-01-19T05:30:00Z'), 'America/Chicago', null)).toMatchObject({ currentWeek: 2, modulesOverdue: 0, percentDone: 75 });
    // Paused on 15 Jan: that day stands for today.
    expect(computeProgress(modules, new Date('2026-03-01T12:00:00Z'), 'America/Chicago', '2026-01-15')).toMatchObject({ currentWeek: 2, modulesOverdue: 0, paused: true });
  });

  it('opens each week at local midnight and shifts by whole local days paused', () => {
    expect(baseUnlockDate('2026-03-23', 2)).toBe('2026-03-30');
    expect(unlocksAt('2026-03-30', 'Europe/London').toISOString()).toBe('2026-03-29T23:00:00.000Z');
    expect(unlocksAt('2026-03-23', 'Europe/London').toISOString()).toBe('2026-03-23T00:00:00.000Z');
    expect(pauseShiftDays('2026-04-07', '2026-04-17')).toBe(10);
    expect(pauseShiftDays('2026-04-07', '2026-04-07')).toBe(0);
  });
});

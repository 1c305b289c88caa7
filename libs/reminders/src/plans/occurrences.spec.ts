import { describe, expect, it } from '@jest/globals';
import { dailyAt, medicationDates } from './occurrences.js';

/** Run under TZ=America/Chicago (npm test): nothing here may depend on the process zone. */
describe('daily prompts at a local time across daylight saving', () => {
  it('plans a 09:00 America/New_York prompt at 09:00 local on every day across both changes', () => {
    const spring = dailyAt('09:00', 'America/New_York', '2026-03-06', '2026-03-10').map((o) => o.due.toISOString());
    expect(spring).toEqual([
      '2026-03-06T14:00:00.000Z', // EST, UTC-5
      '2026-03-07T14:00:00.000Z',
      '2026-03-08T13:00:00.000Z', // the change happened at 02:00 that morning: EDT, UTC-4
      '2026-03-09T13:00:00.000Z',
      '2026-03-10T13:00:00.000Z',
    ]);
    const autumn = dailyAt('09:00', 'America/New_York', '2026-10-31', '2026-11-02').map((o) => o.due.toISOString());
    expect(autumn).toEqual(['2026-10-31T13:00:00.000Z', '2026-11-01T14:00:00.000Z', '2026-11-02T14:00:00.000Z']);
  });

  it('moves a 02:30 prompt on the spring-forward day to 03:30 (the gap), and keeps 02:30 on the other days', () => {
    const [before, gap, after] = dailyAt('02:30', 'America/New_York', '2026-03-07', '2026-03-09').map((o) => o.due.toISOString());
    expect(before).toBe('2026-03-07T07:30:00.000Z'); // 02:30 EST
    expect(gap).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT: 02:30 does not exist that day
    expect(after).toBe('2026-03-09T06:30:00.000Z'); // 02:30 EDT
  });

  it('takes the first of the two 01:30s on the fall-back day', () => {
    const [day] = dailyAt('01:30', 'America/New_York', '2026-11-01', '2026-11-01');
    expect(day.due.toISOString()).toBe('2026-11-01T05:30:00.000Z'); // 01:30 EDT, before the clocks go back
  });

  it('does the same in a southern-hemisphere zone', () => {
    // Australia/Sydney leaves daylight saving on 2026-04-05 at 03:00 (back to 02:00): 02:30 is ambiguous.
    const [day] = dailyAt('02:30', 'Australia/Sydney', '2026-04-05', '2026-04-05');
    expect(day.due.toISOString()).toBe('2026-04-04T15:30:00.000Z'); // 02:30 AEDT (UTC+11), the first
  });
});

describe('medication dates', () => {
  it('monthly keeps the day of the month, or the last day of a shorter month', () => {
    expect(medicationDates({ cadence: 'monthly', intervalWeeks: null, firstDate: '2026-01-31' }, '2026-01-01', '2026-04-30')).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
    ]);
  });

  it('every 4 weeks from the first date, starting inside the window', () => {
    expect(medicationDates({ cadence: 'every_n_weeks', intervalWeeks: 4, firstDate: '2026-01-05' }, '2026-02-01', '2026-04-01')).toEqual([
      '2026-02-02',
      '2026-03-02',
      '2026-03-30',
    ]);
  });

  it('weekly and daily, never before the first date', () => {
    expect(medicationDates({ cadence: 'weekly', intervalWeeks: null, firstDate: '2026-03-04' }, '2026-03-01', '2026-03-20')).toEqual([
      '2026-03-04',
      '2026-03-11',
      '2026-03-18',
    ]);
    expect(medicationDates({ cadence: 'daily', intervalWeeks: null, firstDate: '2026-03-04' }, '2026-03-01', '2026-03-05')).toEqual(['2026-03-04', '2026-03-05']);
  });
});

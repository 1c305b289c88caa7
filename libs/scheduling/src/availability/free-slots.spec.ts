import { describe, expect, it } from '@jest/globals';
import { freeWindows, workingIntervals, type StaffSchedule } from './free-slots.js';

const weekdays = (start: string, end: string) => [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start, end }));
const at = (iso: string) => new Date(iso);

describe('free windows', () => {
  it('keeps working hours in the staff member\'s own zone across DST', () => {
    const person = { timeZone: 'America/Chicago', hours: weekdays('09:00', '17:00'), daysOff: [] };
    const before = workingIntervals(person, at('2026-03-06T00:00:00Z'), at('2026-03-07T00:00:00Z'));
    const after = workingIntervals(person, at('2026-03-09T00:00:00Z'), at('2026-03-10T00:00:00Z'));
    expect(before[0].from.toISOString()).toBe('2026-03-06T15:00:00.000Z');
    expect(after[0].from.toISOString()).toBe('2026-03-09T14:00:00.000Z');
  });

  it('intersects two people in different zones, less busy times, days off and the client\'s visits', () => {
    const clinician: StaffSchedule = { userId: 'c', timeZone: 'America/Chicago', hours: weekdays('09:00', '17:00'), daysOff: ['2026-01-07'], busy: [{ from: at('2026-01-05T16:00:00Z'), until: at('2026-01-05T17:30:00Z') }] };
    const peer: StaffSchedule = { userId: 'p', timeZone: 'America/New_York', hours: weekdays('08:00', '14:00'), daysOff: [], busy: [] };
    const windows = freeWindows({
      from: at('2026-01-05T00:00:00Z'), until: at('2026-01-08T00:00:00Z'), durationMinutes: 60, travelBeforeMinutes: 0, travelAfterMinutes: 0,
      staff: [clinician, peer], clientBusy: [{ from: at('2026-01-06T16:00:00Z'), until: at('2026-01-06T17:00:00Z') }],
    });
    // Monday: 15:00–19:00Z overlap, less 16:00–17:30Z. Tuesday: 15:00–19:00Z less the client's 16:00–17:00Z. Wednesday: day off.
    expect(windows.map((w) => [w.from.toISOString(), w.until.toISOString()])).toEqual([
      ['2026-01-05T15:00:00.000Z', '2026-01-05T16:00:00.000Z'],
      ['2026-01-05T17:30:00.000Z', '2026-01-05T19:00:00.000Z'],
      ['2026-01-06T15:00:00.000Z', '2026-01-06T16:00:00.000Z'],
      ['2026-01-06T17:00:00.000Z', '2026-01-06T19:00:00.000Z'],
    ]);
  });

  it('fits the visit\'s travel into the staff members\' free time', () => {
    const person: StaffSchedule = { userId: 'c', timeZone: 'UTC', hours: weekdays('09:00', '11:00'), daysOff: [], busy: [] };
    const windows = freeWindows({ from: at('2026-01-05T00:00:00Z'), until: at('2026-01-06T00:00:00Z'), durationMinutes: 60, travelBeforeMinutes: 30, travelAfterMinutes: 30, staff: [person], clientBusy: [] });
    expect(windows).toEqual([{ from: at('2026-01-05T09:30:00Z'), until: at('2026-01-05T10:30:00Z'), latestStart: at('2026-01-05T09:30:00Z') }]);
  });
});

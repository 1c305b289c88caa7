import { describe, expect, it } from '@jest/globals';
import { localDateTime } from '@attune/platform';
import { expandSeries } from './recurrence.js';
import { endSeriesBefore, splitSeries } from './series-split.js';

const ZONE = 'America/Chicago';
const rule = { rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=52', startsLocal: '2026-01-06T10:00:00', timeZone: ZONE };

describe('splitting a series at "this and the following"', () => {
  const all = expandSeries(rule);
  const at = all[20].occurrenceLocal; // 2026-05-26, after the March change

  it('ends the old rule just before the occurrence: it expands to exactly the occurrences before it', () => {
    const split = splitSeries(rule, at, 24 * 60 + 60); // Tuesdays 10:00 → Wednesdays 11:00
    expect(split.before).toBe('FREQ=WEEKLY;BYDAY=TU;UNTIL=20260526T145959Z');
    expect(expandSeries({ ...rule, rrule: split.before! }).map((o) => o.occurrenceLocal)).toEqual(all.slice(0, 20).map((o) => o.occurrenceLocal));
  });

  it('starts the new rule at the new time and day: it expands to the moved occurrences, at 11:00 local across November', () => {
    const split = splitSeries(rule, at, 24 * 60 + 60);
    expect(split.after).toEqual({ rrule: 'FREQ=WEEKLY;BYDAY=WE;COUNT=32', startsLocal: '2026-05-27T11:00:00' });
    const moved = expandSeries({ ...split.after, timeZone: ZONE });
    expect(moved).toHaveLength(32);
    expect(moved.every((o) => localDateTime(o.startsAt, ZONE).endsWith('T11:00:00'))).toBe(true);
    expect(moved.map((o) => o.occurrenceLocal.slice(0, 10))).toEqual(all.slice(20).map((o) => addDay(o.occurrenceLocal.slice(0, 10))));
  });

  it('keeps an UNTIL bound, moved with the occurrences', () => {
    const until = { ...rule, rrule: 'FREQ=WEEKLY;UNTIL=20261229T160000Z' };
    const split = splitSeries(until, '2026-03-03T10:00:00', 30);
    expect(split.after.rrule).toBe('FREQ=WEEKLY;UNTIL=20261229T163000Z');
    expect(expandSeries({ ...split.after, timeZone: ZONE }).at(-1)!.occurrenceLocal).toBe('2026-12-29T10:30:00');
  });

  it('splitting at the first occurrence leaves nothing before; cancelling the following ends the rule', () => {
    expect(splitSeries(rule, all[0].occurrenceLocal, 60).before).toBeNull();
    expect(endSeriesBefore(rule, at)).toBe('FREQ=WEEKLY;BYDAY=TU;UNTIL=20260526T145959Z');
  });
});

function addDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

import { describe, expect, it } from '@jest/globals';
import { DateTime } from '@attune/platform';
import { expandSeries, normaliseRule, RecurrenceError } from './recurrence.js';

const local = (instant: Date, zone: string) => DateTime.fromJSDate(instant, { zone });

describe('recurrence (run under a non-UTC process TZ: npm test sets TZ=America/Chicago)', () => {
  it('runs in a process whose own zone is not UTC', () => {
    // January and July offsets differ from zero wherever TZ is a real non-UTC zone.
    expect(new Date(2026, 0, 15).getTimezoneOffset()).not.toBe(0);
  });

  it('keeps a weekly 10:00 America/Chicago series at 10:00 local across the March and November changes', () => {
    // Tuesdays from 2026-01-06 for 52 weeks: DST starts 2026-03-08 and ends 2026-11-01.
    const occurrences = expandSeries({ rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=52', startsLocal: '2026-01-06T10:00:00', timeZone: 'America/Chicago' });
    expect(occurrences).toHaveLength(52);
    for (const o of occurrences) {
      const t = local(o.startsAt, 'America/Chicago');
      expect([t.weekday, t.hour, t.minute]).toEqual([2, 10, 0]);
    }
    const offsets = new Set(occurrences.map((o) => local(o.startsAt, 'America/Chicago').offset));
    expect(offsets).toEqual(new Set([-360, -300]));
    const march = occurrences.find((o) => o.occurrenceLocal.startsWith('2026-03-10'))!;
    expect(march.startsAt.toISOString()).toBe('2026-03-10T15:00:00.000Z'); // CDT, UTC-5
    const november = occurrences.find((o) => o.occurrenceLocal.startsWith('2026-11-03'))!;
    expect(november.startsAt.toISOString()).toBe('2026-11-03T16:00:00.000Z'); // CST, UTC-6
  });

  it('keeps a weekly 10:00 Europe/London series at 10:00 local across BST', () => {
    const occurrences = expandSeries({ rrule: 'FREQ=WEEKLY;COUNT=40', startsLocal: '2026-02-02T10:00:00', timeZone: 'Europe/London' });
    expect(occurrences).toHaveLength(40);
    for (const o of occurrences) expect(local(o.startsAt, 'Europe/London').toFormat('HH:mm')).toBe('10:00');
    expect(occurrences.find((o) => o.occurrenceLocal.startsWith('2026-03-23'))!.startsAt.toISOString()).toBe('2026-03-23T10:00:00.000Z');
    expect(occurrences.find((o) => o.occurrenceLocal.startsWith('2026-03-30'))!.startsAt.toISOString()).toBe('2026-03-30T09:00:00.000Z');
  });

  it('expands every other week and the first Monday of the month', () => {
    const biweekly = expandSeries({ rrule: 'FREQ=WEEKLY;INTERVAL=2;COUNT=3', startsLocal: '2026-01-05T09:30:00', timeZone: 'America/Chicago' });
    expect(biweekly.map((o) => o.occurrenceLocal)).toEqual(['2026-01-05T09:30:00', '2026-01-19T09:30:00', '2026-02-02T09:30:00']);
    const firstMonday = expandSeries({ rrule: 'RRULE:FREQ=MONTHLY;BYDAY=1MO;UNTIL=20260430T235959Z', startsLocal: '2026-01-05T14:00:00', timeZone: 'America/Chicago' });
    expect(firstMonday.map((o) => o.occurrenceLocal.slice(0, 10))).toEqual(['2026-01-05', '2026-02-02', '2026-03-02', '2026-04-06']);
  });

  it('leaves out exception dates', () => {
    const o = expandSeries({ rrule: 'FREQ=DAILY;COUNT=3', startsLocal: '2026-01-05T09:00:00', timeZone: 'America/Chicago', exceptDates: ['2026-01-06'] });
    expect(o.map((x) => x.occurrenceLocal.slice(0, 10))).toEqual(['2026-01-05', '2026-01-07']);
  });

  it.each([
    ['FREQ=WEEKLY', /COUNT or UNTIL/],
    ['FREQ=WEEKLY;COUNT=401', /at most 400/],
    ['FREQ=DAILY;UNTIL=20290101T000000Z', /2 years/],
    ['FREQ=DAILY;COUNT=500', /at most 400/],
    ['FREQ=MONTHLY;COUNT=30', /2 years/],
    ['FREQ=WEEKLY;BYDAY=XX;COUNT=2', /does not parse/],
    ['garbage', /NAME=VALUE/],
    ['FREQ=FORTNIGHTLY;COUNT=2', /FREQ/],
    ['FREQ=WEEKLY;COUNT=2;UNTIL=20260601', /not both/],
    ['FREQ=WEEKLY;COUNT=2;DTSTART=20260101', /not an RRULE part/],
  ])('refuses %s', (rrule, message) => {
    expect(() => expandSeries({ rrule, startsLocal: '2026-01-05T09:00:00', timeZone: 'America/Chicago' })).toThrow(RecurrenceError);
    expect(() => expandSeries({ rrule, startsLocal: '2026-01-05T09:00:00', timeZone: 'America/Chicago' })).toThrow(message);
  });

  it('normalises the prefix and case', () => {
    expect(normaliseRule('rrule:freq=weekly;count=2')).toBe('FREQ=WEEKLY;COUNT=2');
  });
});

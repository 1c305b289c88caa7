import { DateTime, instantAt, shiftLocal } from '@attune/platform';
import { expandSeries, SERIES_LIMITS, type SeriesRule } from './recurrence.js';

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const utcStamp = (instant: Date) => DateTime.fromJSDate(instant, { zone: 'UTC' }).toFormat("yyyyMMdd'T'HHmmss'Z'");
const parts = (rrule: string) => rrule.split(';').map((p) => p.split('=') as [string, string]);
const join = (list: [string, string][]) => list.map(([name, value]) => `${name}=${value}`).join(';');

/**
 * "This and the following" splits a series the way calendars do (RFC 5545 has no other way to change a
 * rule from one occurrence on): the old series ends just before the occurrence, and a new series starts
 * at its new time. These are the stored rules of both halves; the visits themselves are rows already.
 */
export interface SeriesSplit {
  /** The old series' rule, now ending (UNTIL) one second before the occurrence; null when nothing is before it. */
  before: string | null;
  /** The new series from the occurrence on, its start moved by `shiftMinutes` of wall-clock time. */
  after: { rrule: string; startsLocal: string };
}

/** Splits `rule` at the occurrence whose original local start is `atOccurrenceLocal`. */
export function splitSeries(rule: SeriesRule, atOccurrenceLocal: string, shiftMinutes: number): SeriesSplit {
  // Exceptions (EXDATE) are not stored on the series: they simply have no row. Counting over the rule
  // itself gives the same COUNT arithmetic a calendar would do.
  const all = expandSeries({ ...rule, exceptDates: [] }, { ...SERIES_LIMITS, maxSpanDays: SERIES_LIMITS.maxSpanDays * 2 });
  const earlier = all.filter((o) => o.occurrenceLocal < atOccurrenceLocal).length;
  const rest = parts(rule.rrule).filter(([name]) => name !== 'COUNT' && name !== 'UNTIL');
  const bound = parts(rule.rrule).find(([name]) => name === 'COUNT' || name === 'UNTIL')!;
  const endBefore = utcStamp(new Date(instantAt(atOccurrenceLocal, rule.timeZone).getTime() - 1000));
  const startsLocal = shiftLocal(atOccurrenceLocal, shiftMinutes);
  const days = DateTime.fromISO(startsLocal.slice(0, 10)).diff(DateTime.fromISO(atOccurrenceLocal.slice(0, 10)), 'days').days;
  const afterBound: [string, string] =
    bound[0] === 'COUNT'
      ? ['COUNT', String(Number(bound[1]) - earlier)]
      : ['UNTIL', utcStamp(new Date(untilOf(bound[1], rule.timeZone).getTime() + shiftMinutes * 60_000))];
  return {
    before: earlier === 0 ? null : join([...rest, ['UNTIL', endBefore]]),
    after: { rrule: join([...rest.map((part) => shiftDays(part, days)), afterBound]), startsLocal },
  };
}

/** A rule ended just before an occurrence (cancelling "this and the following"); null when nothing is before it. */
export function endSeriesBefore(rule: SeriesRule, atOccurrenceLocal: string): string | null {
  return splitSeries(rule, atOccurrenceLocal, 0).before;
}

/** Moving occurrences to another day moves the days the rule names with them (BYDAY=TU → WE; 1MO → 1TU). */
function shiftDays([name, value]: [string, string], days: number): [string, string] {
  if (days === 0) return [name, value];
  if (name === 'BYDAY') {
    const shifted = value.split(',').map((day) => {
      const [, ordinal, weekday] = /^([+-]?\d*)([A-Z]{2})$/.exec(day)!;
      return ordinal + WEEKDAYS[(((WEEKDAYS.indexOf(weekday) + days) % 7) + 7) % 7];
    });
    return [name, shifted.join(',')];
  }
  if (name === 'BYMONTHDAY') {
    return [name, value.split(',').map((d) => String(Math.min(31, Math.max(1, Number(d) + days)))).join(',')];
  }
  return [name, value];
}

/** UNTIL as stored (UTC, a local date or a floating time) to an instant, as expandSeries reads it. */
function untilOf(value: string, zone: string): Date {
  if (/^\d{8}$/.test(value)) return instantAt(`${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}T23:59:59`, zone);
  const local = `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}T${value.slice(9, 11)}:${value.slice(11, 13)}:${value.slice(13, 15)}`;
  return value.endsWith('Z') ? new Date(`${local}Z`) : instantAt(local, zone);
}

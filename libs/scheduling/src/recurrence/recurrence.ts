import ICAL from 'ical.js';
import { instantAt } from '@attune/platform';

/**
 * RFC 5545 recurrence, expanded in "floating" wall-clock time by ical.js (Mozilla's calendar library,
 * which never reads the process TZ), then each local occurrence becomes an instant in the series' own
 * zone through luxon (libs/platform/src/time/zones.ts). So a 10:00 series stays at 10:00 local on both
 * sides of a daylight-saving change, whatever TZ the server runs in.
 */
export interface SeriesRule {
  /** e.g. "FREQ=WEEKLY;BYDAY=TU;COUNT=52" (an "RRULE:" prefix is accepted). */
  rrule: string;
  /** DTSTART as local wall-clock time in `timeZone`, "YYYY-MM-DDTHH:mm:ss". */
  startsLocal: string;
  timeZone: string;
  /** Local dates (YYYY-MM-DD) left out of the series (EXDATE). */
  exceptDates?: string[];
}

export interface Occurrence {
  /** The occurrence's local start (its RECURRENCE-ID); stays the same when the occurrence is moved. */
  occurrenceLocal: string;
  startsAt: Date;
}

export const SERIES_LIMITS = { maxOccurrences: 400, maxSpanDays: 731 } as const;

/** A rule that cannot be used; `message` is for the field `rrule`. */
export class RecurrenceError extends Error {}

const PARTS = new Set(['FREQ', 'UNTIL', 'COUNT', 'INTERVAL', 'BYSECOND', 'BYMINUTE', 'BYHOUR', 'BYDAY', 'BYMONTHDAY', 'BYYEARDAY', 'BYWEEKNO', 'BYMONTH', 'BYSETPOS', 'WKST']);
const FREQUENCIES = new Set(['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY']);

/** The normalised rule text (no prefix, upper case) after checking it parses and is bounded. */
export function normaliseRule(rrule: string): string {
  const text = rrule.trim().replace(/^RRULE:/i, '').toUpperCase();
  if (!text) throw new RecurrenceError('must not be empty');
  const names = text.split(';').map((part) => {
    const [name, value] = part.split('=');
    if (!name || value === undefined || value === '') throw new RecurrenceError(`"${part}" is not NAME=VALUE`);
    if (!PARTS.has(name)) throw new RecurrenceError(`${name} is not an RRULE part`);
    return name;
  });
  if (new Set(names).size !== names.length) throw new RecurrenceError('repeats a part');
  const freq = /(?:^|;)FREQ=([A-Z]+)/.exec(text)?.[1];
  if (!freq || !FREQUENCIES.has(freq)) throw new RecurrenceError('FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY');
  const hasCount = names.includes('COUNT');
  const hasUntil = names.includes('UNTIL');
  if (!hasCount && !hasUntil) throw new RecurrenceError('must be bounded by COUNT or UNTIL');
  if (hasCount && hasUntil) throw new RecurrenceError('may have COUNT or UNTIL, not both');
  parse(text);
  return text;
}

/** Every occurrence of the series, in order. Throws RecurrenceError when it breaks the bounds. */
export function expandSeries(rule: SeriesRule, limits: { maxOccurrences: number; maxSpanDays: number } = SERIES_LIMITS): Occurrence[] {
  const text = normaliseRule(rule.rrule);
  const recur = parse(text);
  const start = instantAt(rule.startsLocal, rule.timeZone);
  const latest = start.getTime() + limits.maxSpanDays * 86_400_000;
  if (recur.count !== null && recur.count > limits.maxOccurrences) throw new RecurrenceError(`COUNT may be at most ${limits.maxOccurrences}`);
  let until: number | null = null;
  if (recur.until) {
    until = untilInstant(recur.until, rule.timeZone).getTime();
    if (until > latest) throw new RecurrenceError('UNTIL may be at most 2 years after the start');
    if (until < start.getTime()) throw new RecurrenceError('UNTIL is before the start');
    // ical.js would compare a UTC UNTIL with floating times; the bound is applied on instants below.
    recur.until = null;
  }
  const excluded = new Set(rule.exceptDates ?? []);
  const iterator = recur.iterator(floating(rule.startsLocal));
  const occurrences: Occurrence[] = [];
  let seen = 0;
  for (let next = iterator.next(); next; next = iterator.next()) {
    const occurrenceLocal = localText(next);
    const startsAt = instantAt(occurrenceLocal, rule.timeZone);
    if (until !== null && startsAt.getTime() > until) break;
    if (startsAt.getTime() > latest) throw new RecurrenceError('spans more than 2 years');
    if (++seen > limits.maxOccurrences) throw new RecurrenceError(`has more than ${limits.maxOccurrences} occurrences`);
    if (!excluded.has(occurrenceLocal.slice(0, 10))) occurrences.push({ occurrenceLocal, startsAt });
  }
  return occurrences;
}

function parse(text: string): ICAL.Recur {
  try {
    const recur = ICAL.Recur.fromString(text);
    if (recur.interval < 1) throw new RecurrenceError('INTERVAL must be at least 1');
    if (recur.count !== null && recur.count < 1) throw new RecurrenceError('COUNT must be at least 1');
    return recur;
  } catch (error) {
    if (error instanceof RecurrenceError) throw error;
    throw new RecurrenceError(`does not parse: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function floating(local: string): ICAL.Time {
  const [date, time] = local.split('T');
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute, second] = (time ?? '00:00:00').split(':').map(Number);
  return ICAL.Time.fromData({ year, month, day, hour, minute, second: second ?? 0, isDate: false });
}

const pad = (n: number) => String(n).padStart(2, '0');
function localText(t: ICAL.Time): string {
  return `${t.year}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`;
}

/** UNTIL as an instant: UTC as written, a date means the end of that local day, floating is local. */
function untilInstant(until: ICAL.Time, zone: string): Date {
  if (until.isDate) return new Date(instantAt(`${until.year}-${pad(until.month)}-${pad(until.day)}T23:59:59`, zone).getTime());
  if (until.zone?.tzid === 'UTC') return new Date(Date.UTC(until.year, until.month - 1, until.day, until.hour, until.minute, until.second));
  return instantAt(localText(until), zone);
}

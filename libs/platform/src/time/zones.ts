import { DateTime, IANAZone } from './luxon.js';

/**
 * The one module that does time-zone maths (ARCHITECTURE rule 6). Luxon computes in the zone given,
 * never in the process TZ.
 */
export function isIanaZone(zone: string): boolean {
  // "UTC" and fixed offsets are valid for luxon but are not a person's zone; require Area/Location or UTC.
  return IANAZone.isValidZone(zone) && (zone.includes('/') || zone === 'UTC');
}

/** The calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate()!;
}

/**
 * A local wall-clock time ("2026-03-10T10:00:00") in a zone, as an instant. A time that daylight saving
 * skips (02:30 on the spring-forward night) moves forward by the gap, as calendars do.
 */
export function instantAt(localDateTime: string, zone: string): Date {
  const local = DateTime.fromISO(localDateTime, { zone });
  if (!local.isValid) throw new Error(`not a local date-time: ${localDateTime}`);
  return local.toJSDate();
}

/** The local wall-clock time of an instant in a zone, as "YYYY-MM-DDTHH:mm:ss". */
export function localDateTime(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return DateTime.fromISO(date, { zone: 'UTC' }).weekday;
}

/** Adds a wall-clock shift (minutes) to a local date-time: 10:00 + 60 is 11:00 on any day, DST or not. */
export function shiftLocal(localDateTime: string, minutes: number): string {
  return DateTime.fromISO(localDateTime, { zone: 'UTC' }).plus({ minutes }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
}

/** Minutes between two local wall-clock times, ignoring any zone. */
export function localMinutesBetween(from: string, to: string): number {
  return DateTime.fromISO(to, { zone: 'UTC' }).diff(DateTime.fromISO(from, { zone: 'UTC' }), 'minutes').minutes;
}

/**
 * The instant a local wall-clock time ('HH:mm') falls on a local date in a zone. Daylight saving never
 * moves it: a time the spring-forward gap skips moves forward by the gap (02:30 → 03:30), and a time the
 * fall-back repeats is the first of the two (luxon's documented choices, pinned by zones.spec.ts).
 */
export function atLocalTime(date: string, time: string, zone: string): Date {
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute] = time.split(':').map(Number);
  const local = DateTime.fromObject({ year, month, day, hour, minute }, { zone });
  if (!local.isValid) throw new Error(`invalid local time ${date} ${time} in ${zone}`);
  // Luxon resolves a repeated wall time to the later offset; try each offset in force around that day and
  // keep the earliest instant that shows this wall time. None shows it in a gap: luxon's forward shift stands.
  const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute);
  const offsets = new Set([-1, 0, 1].map((days) => local.plus({ days }).offset));
  const matches = [...offsets]
    .map((offset) => DateTime.fromMillis(wallAsUtc - offset * 60_000, { zone }))
    .filter((candidate) => candidate.hour === hour && candidate.minute === minute && candidate.day === day)
    .map((candidate) => candidate.toMillis());
  return new Date(matches.length > 0 ? Math.min(...matches) : local.toMillis());
}

/** A calendar date plus whole days (calendar arithmetic, no zone involved). */
export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;
}

/** A calendar date plus whole months; a day the month lacks becomes its last day (Jan 31 + 1 → Feb 28). */
export function addMonths(date: string, months: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ months }).toISODate()!;
}

/** Whole days from one calendar date to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round(DateTime.fromISO(to, { zone: 'UTC' }).diff(DateTime.fromISO(from, { zone: 'UTC' }), 'days').days);
}

/** '10:00' — the wall-clock time of an instant in a zone (24-hour, for texts). */
export function localClockTime(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat('HH:mm');
}

/**
 * If the instant falls in the quiet hours ['HH:mm' start, 'HH:mm' end) of a zone (which may span
 * midnight), the instant they end; otherwise null.
 */
export function quietHoursEnd(instant: Date, zone: string, starts: string, ends: string): Date | null {
  if (starts === ends) return null;
  const here = DateTime.fromJSDate(instant, { zone });
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const now = here.hour * 60 + here.minute;
  const [s, e] = [minutes(starts), minutes(ends)];
  const inside = s < e ? now >= s && now < e : now >= s || now < e;
  if (!inside) return null;
  const today = here.toISODate()!;
  const endDate = s < e || now < e ? today : addDays(today, 1);
  return atLocalTime(endDate, ends, zone);
}

/** "Tuesday 6 January, 10:00" — an instant as people in that zone read it (join pages, invitations). */
export function localLabel(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).setLocale('en-GB').toFormat("cccc d LLLL', 'HH:mm");
}

/** The ISO week ("2026-W10") an instant falls in, in a zone: weeks run Monday 00:00 to Monday 00:00 local. */
export function isoWeekOf(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat("kkkk-'W'WW");
}

/** Whether a string is an ISO week such as "2026-W10" that exists (W53 only in long years). */
export function isIsoWeek(week: string): boolean {
  return /^\d{4}-W\d{2}$/.test(week) && DateTime.fromISO(week, { zone: 'UTC' }).isValid;
}

/**
 * An ISO week in a zone: its first and last local dates and the instants it starts and ends (end
 * exclusive: the next Monday's local midnight). A DST change inside the week makes it 167 or 169 hours.
 */
export function isoWeekBounds(week: string, zone: string): { firstDate: string; lastDate: string; startsAt: Date; endsAt: Date } {
  const monday = DateTime.fromISO(week, { zone });
  if (!monday.isValid) throw new Error(`not an ISO week: ${week}`);
  const next = monday.plus({ weeks: 1 });
  return { firstDate: monday.toISODate(), lastDate: next.minus({ days: 1 }).toISODate(), startsAt: monday.toJSDate(), endsAt: next.toJSDate() };
}

/** The ISO week `weeks` after (or before, when negative) another. */
export function addIsoWeeks(week: string, weeks: number): string {
  return DateTime.fromISO(week, { zone: 'UTC' }).plus({ weeks }).toFormat("kkkk-'W'WW");
}

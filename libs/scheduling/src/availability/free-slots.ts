import { addDays, instantAt, isoWeekday, localDate } from '@attune/platform';

export interface WorkingHours {
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  /** Local "HH:mm" in the staff member's zone. */
  start: string;
  end: string;
}

export interface StaffSchedule {
  userId: string;
  timeZone: string;
  hours: WorkingHours[];
  /** Local dates (YYYY-MM-DD) off. */
  daysOff: string[];
  /** Times already taken (visits with their travel). */
  busy: Interval[];
}

export interface Interval {
  from: Date;
  until: Date;
}

export interface FreeSlotQuery {
  from: Date;
  until: Date;
  durationMinutes: number;
  travelBeforeMinutes: number;
  travelAfterMinutes: number;
  staff: StaffSchedule[];
  /** The client's own visits (no travel: they are at home). */
  clientBusy: Interval[];
}

/** A window in which a visit of the asked duration can start at any time from `from` to `latestStart`. */
export interface FreeWindow {
  from: Date;
  until: Date;
  latestStart: Date;
}

/**
 * Free windows for a visit with all the chosen staff: each person's working hours (in their own zone,
 * so DST and different zones are right), less days off and busy times, intersected; then the client's
 * visits removed. The visit's own travel must fit inside each staff member's free time.
 */
export function freeWindows(query: FreeSlotQuery): FreeWindow[] {
  let free: Interval[] = [{ from: query.from, until: query.until }];
  for (const person of query.staff) {
    free = intersect(free, subtract(workingIntervals(person, query.from, query.until), person.busy));
  }
  // Staff time includes travel; the visit itself is what the client must be free for.
  const before = query.travelBeforeMinutes * 60_000;
  const after = query.travelAfterMinutes * 60_000;
  const visitTimes = free.map((i) => ({ from: new Date(i.from.getTime() + before), until: new Date(i.until.getTime() - after) })).filter((i) => i.until > i.from);
  const need = query.durationMinutes * 60_000;
  return subtract(visitTimes, query.clientBusy)
    .filter((i) => i.until.getTime() - i.from.getTime() >= need)
    .map((i) => ({ from: i.from, until: i.until, latestStart: new Date(i.until.getTime() - need) }));
}

/** Working time as instants between from and until, per local day in the person's zone. */
export function workingIntervals(person: Pick<StaffSchedule, 'timeZone' | 'hours' | 'daysOff'>, from: Date, until: Date): Interval[] {
  const daysOff = new Set(person.daysOff);
  const intervals: Interval[] = [];
  const last = localDate(until, person.timeZone);
  for (let day = addDays(localDate(from, person.timeZone), -1); day <= last; day = addDays(day, 1)) {
    if (daysOff.has(day)) continue;
    const weekday = isoWeekday(day);
    for (const h of person.hours.filter((x) => x.weekday === weekday)) {
      const start = instantAt(`${day}T${h.start}:00`, person.timeZone);
      const end = instantAt(`${day}T${h.end}:00`, person.timeZone);
      const clipped = { from: start < from ? from : start, until: end > until ? until : end };
      if (clipped.until > clipped.from) intervals.push(clipped);
    }
  }
  return normalise(intervals);
}

function normalise(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.from.getTime() - b.from.getTime());
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.from <= last.until) {
      if (i.until > last.until) last.until = i.until;
    } else out.push({ from: i.from, until: i.until });
  }
  return out;
}

export function intersect(a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = [];
  const x = normalise(a);
  const y = normalise(b);
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const from = x[i].from > y[j].from ? x[i].from : y[j].from;
    const until = x[i].until < y[j].until ? x[i].until : y[j].until;
    if (until > from) out.push({ from, until });
    if (x[i].until < y[j].until) i++;
    else j++;
  }
  return out;
}

export function subtract(base: Interval[], remove: Interval[]): Interval[] {
  let out = normalise(base);
  for (const r of normalise(remove)) {
    out = out.flatMap((i) => {
      if (r.until <= i.from || r.from >= i.until) return [i];
      const parts: Interval[] = [];
      if (r.from > i.from) parts.push({ from: i.from, until: r.from });
      if (r.until < i.until) parts.push({ from: r.until, until: i.until });
      return parts;
    });
  }
  return out;
}

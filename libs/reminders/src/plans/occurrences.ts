import { addDays, addMonths, atLocalTime, daysBetween } from '@attune/platform';

/**
 * Local-date rules expanded per occurrence in the person's zone (ARCHITECTURE rule 6): a local time is
 * turned into an instant for each date separately, so a daylight-saving change never moves it.
 */
export interface LocalOccurrence {
  /** The local date the occurrence falls on. */
  date: string;
  due: Date;
}

/** Every date from `from` to `through`, inclusive. */
export function datesBetween(from: string, through: string): string[] {
  const dates: string[] = [];
  for (let date = from; date <= through; date = addDays(date, 1)) dates.push(date);
  return dates;
}

/** A daily prompt at a local time on each date of the range. */
export function dailyAt(localTime: string, zone: string, from: string, through: string): LocalOccurrence[] {
  return datesBetween(from, through).map((date) => ({ date, due: atLocalTime(date, localTime, zone) }));
}

export type Cadence = 'daily' | 'weekly' | 'every_n_weeks' | 'monthly';

export interface MedicationSchedule {
  cadence: Cadence;
  /** For every_n_weeks. */
  intervalWeeks: number | null;
  firstDate: string;
}

/** The dates a medication is due within [from, through]; monthly keeps the first date's day (or the month's last). */
export function medicationDates(schedule: MedicationSchedule, from: string, through: string): string[] {
  const start = schedule.firstDate;
  if (through < start) return [];
  switch (schedule.cadence) {
    case 'daily':
      return datesBetween(start > from ? start : from, through);
    case 'weekly':
    case 'every_n_weeks': {
      const step = 7 * (schedule.cadence === 'weekly' ? 1 : (schedule.intervalWeeks ?? 1));
      const skip = from > start ? Math.ceil(daysBetween(start, from) / step) : 0;
      const dates: string[] = [];
      for (let date = addDays(start, skip * step); date <= through; date = addDays(date, step)) dates.push(date);
      return dates;
    }
    case 'monthly': {
      const dates: string[] = [];
      for (let n = 0; ; n += 1) {
        const date = addMonths(start, n);
        if (date > through) return dates;
        if (date >= from) dates.push(date);
      }
    }
  }
}

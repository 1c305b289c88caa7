import { DateTime, IANAZone } from 'luxon';

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

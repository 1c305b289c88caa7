import { DateTime, Problem, isE164Phone, isIanaZone } from '@attune/platform';

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day written YYYY-MM-DD (no 2026-02-30), checked without any process time zone. */
export function isCalendarDate(value: string): boolean {
  return CALENDAR_DATE.test(value) && DateTime.fromFormat(value, 'yyyy-MM-dd', { zone: 'UTC' }).isValid;
}

/** Each check throws a 422 naming the field; messages describe the rule, never the value. */
export function requireTimeZone(field: string, value: string): void {
  if (!isIanaZone(value)) throw Problem.invalid(field, 'must be an IANA time zone such as America/Chicago');
}

export function requirePhone(field: string, value: string): void {
  if (!isE164Phone(value)) throw Problem.invalid(field, 'must be a phone number in E.164 format, e.g. +15555550123');
}

export function requireCalendarDate(field: string, value: string): void {
  if (!isCalendarDate(value)) throw Problem.invalid(field, 'must be a calendar date written YYYY-MM-DD');
}

/** Blank text is missing text: a name of spaces is as useless as none. */
export function requireText(field: string, value: string, max: number): string {
  const text = value.trim();
  if (text.length === 0) throw Problem.invalid(field, 'must not be blank');
  if (text.length > max) throw Problem.invalid(field, `must be at most ${max} characters`);
  return text;
}

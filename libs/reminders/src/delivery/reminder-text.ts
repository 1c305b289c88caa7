import { DateTime, localClockTime, localDate } from '@attune/platform';
import type { ReminderKind } from '../rows/reminder-kinds.js';

export interface ReminderTextInput {
  kind: ReminderKind;
  subjectId: string;
  /** The instant the reminder is about (a visit's start), or its due time. */
  at: Date;
  now: Date;
  zone: string;
  publicUrl: string;
  /** The recipient's own join-page token for a visit: the one-tap link (`/j/<token>`). */
  joinToken?: string | null;
}

/**
 * What a reminder says. No clinical detail, ever: a text shows on a lock screen and a shared inbox, so
 * "your Attune team visits tomorrow at 10:00", never a diagnosis, a medication's name or a score.
 */
export function reminderText(input: ReminderTextInput): string {
  const when = `${relativeDay(input.at, input.now, input.zone)} at ${localClockTime(input.at, input.zone)}`;
  switch (input.kind) {
    case 'visit':
      return input.joinToken
        ? `Your Attune team visits ${when}. Join or see the details: ${input.publicUrl}/j/${input.joinToken}`
        : `Your Attune team visits ${when}.`;
    case 'check_in':
      return `Time for today's check-in with your Attune team: ${input.publicUrl}/check-in`;
    case 'medication':
      return `A reminder from your Attune team for ${when}: ${input.publicUrl}/reminders`;
    case 'curriculum':
    case 'measure':
      return `You have something due in Attune ${when}: ${input.publicUrl}/reminders`;
    case 'follow_up':
      return `A follow-up is due ${when}: ${input.publicUrl}/reminders`;
    case 'escalation':
      return `Urgent: an alert in Attune needs someone now: ${input.publicUrl}/alerts`;
  }
}

/** 'today', 'tomorrow' or 'on Mon 9 Mar', in the recipient's zone. */
function relativeDay(at: Date, now: Date, zone: string): string {
  const day = localDate(at, zone);
  const today = localDate(now, zone);
  if (day === today) return 'today';
  if (day === DateTime.fromISO(today, { zone: 'UTC' }).plus({ days: 1 }).toISODate()) return 'tomorrow';
  return `on ${DateTime.fromJSDate(at, { zone }).toFormat('ccc d LLL')}`;
}

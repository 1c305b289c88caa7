import type { ReminderChannel } from '@attune/notifications';

/** What a reminder is about. The curriculum and measure kinds are planned by their own issues. */
export const REMINDER_KINDS = ['visit', 'check_in', 'medication', 'curriculum', 'measure', 'follow_up', 'escalation'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** Safety escalations: they ignore quiet hours and in-app opt-outs, and are sent at least once. */
export const CRITICAL_KINDS: readonly ReminderKind[] = ['escalation'];

export const REMINDER_STATUSES = ['scheduled', 'sending', 'sent', 'failed', 'cancelled', 'skipped'] as const;
export type ReminderStatus = (typeof REMINDER_STATUSES)[number];

export type StatusReason = 'opted_out' | 'stale' | 'interrupted' | 'no_channel' | 'cancelled' | 'subject_completed' | 'delivery_failed';

/** The channels a kind is planned with before anyone's preferences narrow them. */
export const DEFAULT_CHANNELS: Record<ReminderKind, ReminderChannel[]> = {
  visit: ['in_app', 'sms'],
  check_in: ['in_app', 'sms'],
  medication: ['in_app', 'sms'],
  curriculum: ['in_app'],
  measure: ['in_app'],
  follow_up: ['in_app', 'email'],
  escalation: ['in_app', 'sms', 'email'],
};

/** A reminder to write: a plan's output. */
export interface NewReminder {
  organizationId: string;
  recipientUserId: string;
  clientId: string | null;
  kind: ReminderKind;
  subjectId: string;
  /** Which reminder of the subject: the offset, the local date ... unique per subject and recipient. */
  slot: string;
  dueAt: Date;
  subjectAt: Date | null;
  channels?: ReminderChannel[];
}

/** A row whose job must be (re)placed after commit: the job for `version` replaces `previousJobVersion`'s. */
export interface ReminderJobChange {
  id: string;
  version: number;
  dueAt: Date;
  /** The version a job was last enqueued for; its job is removed (it would find nothing to claim anyway). */
  previousJobVersion: number | null;
}

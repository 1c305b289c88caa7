import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { chooseChannels, InAppNotifications, NEUTRAL_SUBJECT, Outbox, type ReminderChannel } from '@attune/notifications';
import { AppConfig, Clock } from '@attune/platform';
import type { ReminderKind, StatusReason } from '../rows/reminder-kinds.js';
import { ReminderJobs } from '../rows/reminder-jobs.js';
import { reminderText } from './reminder-text.js';

export type ReminderOutcome = 'sent' | 'skipped' | 'deferred' | 'not-claimed';

/** A row claimed by this transaction, with what deciding its channels needs. */
interface ClaimedReminder {
  id: string;
  organization_id: string;
  recipient_user_id: string;
  kind: ReminderKind;
  subject_id: string;
  due_at: Date;
  subject_at: Date | null;
  critical: boolean;
  channels: ReminderChannel[];
  version: number;
  time_zone: string;
  email: string | null;
  phone: string | null;
  disabled_at: Date | null;
  pref_channels: ReminderChannel[] | null;
  pref_opted_out: boolean | null;
  quiet_starts: string | null;
  quiet_ends: string | null;
  sms_opted_out: boolean;
  /** A visit reminder's recipient's own join-page token (`/j/<token>`), when they are a participant. */
  join_token: string | null;
}

/** How long a claim holds the row (it commits within one transaction; the lease only bounds a stuck one). */
const LEASE_SECONDS = 60;

/**
 * Delivers one reminder. The claim (`… WHERE id = $1 AND version = $2 AND status = 'scheduled'`), the
 * in-app notification, the staged emails and texts and the status change commit in ONE transaction (so
 * nobody outside it ever sees the row 'sending'; the claim writes 'sent' at once and a skip or deferral
 * overwrites it before the commit):
 * - a repeated, stale (older version) or cancelled job claims nothing and sends nothing;
 * - a cancel racing the job waits on the row lock: it either cancels first (nothing is sent) or finds the
 *   reminder already sent;
 * - a crash before the commit leaves the row scheduled with nothing sent: in-app is exactly once.
 * Emails and texts then go through the outbox (retries with backoff, at most once if a worker dies
 * mid-send, permanent failures recorded with addresses redacted).
 */
@Injectable()
export class ReminderDelivery {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: Outbox,
    private readonly inApp: InAppNotifications,
    private readonly jobs: ReminderJobs,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async deliver(reminderId: string, version: number): Promise<ReminderOutcome> {
    const after: (() => Promise<unknown>)[] = [];
    const outcome = await this.db.transaction(async (tx) => {
      const reminder = await this.claim(tx, reminderId, version);
      if (!reminder) return 'not-claimed' as const;
      return this.decide(tx, reminder, after);
    });
    for (const work of after) await work();
    return outcome;
  }

  private async decide(tx: EntityManager, r: ClaimedReminder, after: (() => Promise<unknown>)[]): Promise<ReminderOutcome> {
    const now = this.clock.now();
    if (r.disabled_at) return this.skip(tx, r, 'no_channel');
    // Arriving after the visit started helps nobody.
    if (r.kind === 'visit' && r.subject_at && r.subject_at.getTime() <= now.getTime()) return this.skip(tx, r, 'stale');
    const choice = chooseChannels({
      requested: r.channels,
      critical: r.critical,
      preference: r.pref_channels ? { channels: r.pref_channels, optedOut: r.pref_opted_out ?? false } : null,
      quietHours: r.quiet_starts && r.quiet_ends ? { starts: r.quiet_starts, ends: r.quiet_ends } : null,
      zone: r.time_zone,
      now,
      hasEmail: r.email !== null,
      hasPhone: r.phone !== null,
      smsOptedOut: r.sms_opted_out,
    });
    switch (choice.outcome) {
      case 'skip':
        return this.skip(tx, r, choice.reason);
      case 'defer': {
        const [[moved]]: [{ id: string; version: number; due_at: Date }[], number] = await tx.query(
          `UPDATE reminder SET status = 'scheduled', due_at = $2, version = version + 1, sent_at = NULL, lease_until = NULL, updated_at = $3
            WHERE id = $1 RETURNING id, version, due_at`,
          [r.id, choice.until, now],
        );
        after.push(() => this.jobs.enqueue([{ id: moved.id, version: moved.version, dueAt: moved.due_at }]));
        return 'deferred';
      }
      case 'send':
        await this.send(tx, r, choice.channels, now, after);
        return 'sent';
    }
  }

  private async send(tx: EntityManager, r: ClaimedReminder, channels: ReminderChannel[], now: Date, after: (() => Promise<unknown>)[]): Promise<void> {
    const body = reminderText({ kind: r.kind, subjectId: r.subject_id, at: r.subject_at ?? r.due_at, now, zone: r.time_zone, publicUrl: this.config.publicUrl, joinToken: r.join_token });
    for (const channel of channels) {
      switch (channel) {
        case 'in_app': {
          const emit = await this.inApp.create(tx, {
            organizationId: r.organization_id,
            recipientUserId: r.recipient_user_id,
            kind: `reminder.${r.kind}`,
            subjectId: r.subject_id,
            reminderId: r.id,
          });
          if (emit) after.push(emit);
          break;
        }
        case 'email':
        case 'sms': {
          const messageId = await this.outbox.stage(tx, {
            organizationId: r.organization_id,
            recipientUserId: r.recipient_user_id,
            channel,
            to: channel === 'email' ? r.email! : r.phone!,
            subject: channel === 'email' ? NEUTRAL_SUBJECT : undefined,
            body,
            reminderId: r.id,
            // Email and text: at most once for routine kinds, at least once for critical ones (a crash mid-send resends).
            atLeastOnce: r.critical,
          });
          after.push(() => this.outbox.dispatch(messageId));
          break;
        }
      }
    }
    // The claim already wrote 'sent' (one round trip less per reminder); it commits with the notification.
  }

  private async skip(tx: EntityManager, r: ClaimedReminder, reason: StatusReason): Promise<ReminderOutcome> {
    await tx.query(`UPDATE reminder SET status = 'skipped', status_reason = $2, sent_at = NULL, lease_until = NULL, updated_at = $3 WHERE id = $1`, [
      r.id,
      reason,
      this.clock.now(),
    ]);
    return 'skipped';
  }

  private async claim(tx: EntityManager, id: string, version: number): Promise<ClaimedReminder | null> {
    const now = this.clock.now();
    const rows: ClaimedReminder[] = await tx.query(
      `WITH claimed AS (
         UPDATE reminder SET status = 'sent', sent_at = $4, attempts = attempts + 1, lease_until = $3, last_error = NULL, updated_at = $4
          WHERE id = $1 AND version = $2 AND status = 'scheduled'
          RETURNING id, organization_id, recipient_user_id, kind, subject_id, due_at, subject_at, critical, channels, version
       )
       SELECT c.*, u.time_zone, u.email, u.phone, u.disabled_at,
              p.channels AS pref_channels, p.opted_out AS pref_opted_out, q.starts AS quiet_starts, q.ends AS quiet_ends,
              EXISTS (SELECT 1 FROM sms_opt_out s WHERE s.phone = u.phone) AS sms_opted_out,
              (SELECT vp.token FROM visit_participant vp WHERE c.kind = 'visit' AND vp.visit_id = c.subject_id AND vp.user_id = c.recipient_user_id) AS join_token
         FROM claimed c
         JOIN user_account u ON u.id = c.recipient_user_id AND u.organization_id = c.organization_id
         LEFT JOIN notification_preference p ON p.user_id = c.recipient_user_id AND p.kind = c.kind
         LEFT JOIN quiet_hours q ON q.user_id = c.recipient_user_id`,
      [id, version, new Date(now.getTime() + LEASE_SECONDS * 1000), now],
    );
    return rows[0] ?? null;
  }
}

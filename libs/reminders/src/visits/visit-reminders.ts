import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, DomainEvents, type AfterCommit, type VisitEvent } from '@attune/platform';
import type { NewReminder } from '../rows/reminder-kinds.js';
import { ReminderJobs } from '../rows/reminder-jobs.js';
import { ReminderRows } from '../rows/reminder-rows.js';
import { ReminderSettings } from '../plans/reminder-settings.js';

/** A visit event may name the staff who attend (scheduling decides); the client is always reminded. */
type VisitEventWithAttendees = VisitEvent & { attendeeUserIds?: string[] };

/**
 * Visit reminders follow the visit: planned, moved or cancelled inside the transaction that changes the
 * visit (DomainEvents subscribers run in it), with the jobs replaced once it has committed.
 */
@Injectable()
export class VisitReminders implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly rows: ReminderRows,
    private readonly jobs: ReminderJobs,
    private readonly settings: ReminderSettings,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.events.subscribe('visit.scheduled', (event, tx) => this.plan(event, tx));
    this.events.subscribe('visit.rescheduled', (event, tx) => this.plan(event, tx));
    this.events.subscribe('visit.cancelled', (event, tx) => this.end(event, tx, 'cancelled'));
    this.events.subscribe('visit.completed', (event, tx) => this.end(event, tx, 'subject_completed'));
  }

  /**
   * One reminder per recipient and offset whose time is still ahead. On a reschedule the same rows move
   * (new due time, new version); those whose time has now passed are skipped as stale.
   */
  async plan(event: VisitEventWithAttendees, tx: EntityManager): Promise<AfterCommit | undefined> {
    const startsAt = new Date(event.startsAt);
    const now = this.clock.now().getTime();
    const offsets = await this.settings.visitOffsets(tx, event.organizationId);
    const recipients = await this.recipients(tx, event);
    const wanted: NewReminder[] = recipients.flatMap((recipientUserId) =>
      offsets
        .map((offset) => ({ offset, dueAt: new Date(startsAt.getTime() - offset * 1000) }))
        .filter(({ dueAt }) => dueAt.getTime() > now)
        .map(({ offset, dueAt }) => ({
          organizationId: event.organizationId,
          recipientUserId,
          clientId: event.clientId,
          kind: 'visit' as const,
          subjectId: event.visitId,
          slot: String(offset),
          dueAt,
          subjectAt: startsAt,
        })),
    );
    const ended = await this.rows.endScheduled(tx, event.organizationId, 'visit', event.visitId, 'skipped', 'stale', {
      keep: wanted.map((w) => ({ recipientUserId: w.recipientUserId, slot: w.slot })),
    });
    const changed = await this.rows.upsert(tx, event.organizationId, wanted);
    const removeOnly = this.jobs.afterCommit(ended, { enqueue: false });
    const replace = this.jobs.afterCommit(changed);
    if (!removeOnly && !replace) return undefined;
    return async () => {
      await removeOnly?.();
      await replace?.();
    };
  }

  /** Cancelled or done: no reminder of it is sent. A job already running finds its row changed. */
  async end(event: VisitEvent, tx: EntityManager, reason: 'cancelled' | 'subject_completed'): Promise<AfterCommit | undefined> {
    const ended = await this.rows.endScheduled(tx, event.organizationId, 'visit', event.visitId, 'cancelled', reason);
    return this.jobs.afterCommit(ended, { enqueue: false });
  }

  private async recipients(tx: EntityManager, event: VisitEventWithAttendees): Promise<string[]> {
    const clients: { user_id: string }[] = await tx.query(`SELECT user_id FROM client WHERE id = $1 AND organization_id = $2`, [
      event.clientId,
      event.organizationId,
    ]);
    const attendees = event.attendeeUserIds ?? [];
    const staff: { id: string }[] =
      attendees.length > 0
        ? await tx.query(`SELECT id FROM user_account WHERE id = ANY($1::uuid[]) AND organization_id = $2 AND disabled_at IS NULL`, [
            attendees,
            event.organizationId,
          ])
        : [];
    return [...new Set([...clients.map((c) => c.user_id), ...staff.map((s) => s.id)])];
  }
}

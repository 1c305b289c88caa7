import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, DomainEvents, type AfterCommit, type VisitEvent, type VisitSeriesEvent } from '@attune/platform';
import type { NewReminder } from '../rows/reminder-kinds.js';
import { ReminderJobs } from '../rows/reminder-jobs.js';
import { ReminderRows } from '../rows/reminder-rows.js';
import { DEFAULT_VISIT_OFFSETS_SECONDS, visitOffsetsSql } from '../plans/reminder-settings.js';

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
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.events.subscribe('visit.scheduled', (event, tx) => this.plan(event, tx));
    this.events.subscribe('visit.series_scheduled', (event, tx) => this.planSeries(event, tx));
    this.events.subscribe('visit.rescheduled', (event, tx) => this.plan(event, tx));
    this.events.subscribe('visit.cancelled', (event, tx) => this.end(event, tx, 'cancelled'));
    this.events.subscribe('visit.completed', (event, tx) => this.end(event, tx, 'subject_completed'));
  }

  /**
   * One reminder per recipient and offset whose time is still ahead. On a reschedule the same rows move
   * (new due time, new version); those whose time has now passed are skipped as stale.
   */
  async plan(event: VisitEventWithAttendees, tx: EntityManager): Promise<AfterCommit | undefined> {
    return this.planMany(tx, event.organizationId, event.clientId, event.attendeeUserIds ?? [], [{ visitId: event.visitId, startsAt: event.startsAt }]);
  }

  /** A new series: every occurrence planned as `plan` would, in a few statements rather than a few per occurrence. */
  async planSeries(event: VisitSeriesEvent, tx: EntityManager): Promise<AfterCommit | undefined> {
    // Its visits were created in this very transaction: no reminder of them exists yet to move or end.
    return this.planMany(tx, event.organizationId, event.clientId, event.attendeeUserIds, event.occurrences, { fresh: true });
  }

  /** Visits of one client with the same attendees: the settings and recipients are read once for all. */
  private async planMany(
    tx: EntityManager,
    organizationId: string,
    clientId: string,
    attendeeUserIds: string[],
    visits: { visitId: string; startsAt: string }[],
    options: { fresh?: boolean } = {},
  ): Promise<AfterCommit | undefined> {
    if (visits.length === 0) return undefined;
    const now = this.clock.now().getTime();
    const { offsets, recipients } = await this.planningFacts(tx, organizationId, clientId, attendeeUserIds);
    const wanted: NewReminder[] = visits.flatMap((visit) => {
      const startsAt = new Date(visit.startsAt);
      return recipients.flatMap((recipientUserId) =>
        offsets
          .map((offset) => ({ offset, dueAt: new Date(startsAt.getTime() - offset * 1000) }))
          .filter(({ dueAt }) => dueAt.getTime() > now)
          .map(({ offset, dueAt }) => ({
            organizationId,
            recipientUserId,
            clientId,
            kind: 'visit' as const,
            subjectId: visit.visitId,
            slot: String(offset),
            dueAt,
            subjectAt: startsAt,
          })),
      );
    });
    const ended = options.fresh ? [] : await this.rows.endScheduledOf(tx, organizationId, 'visit', visits.map((v) => v.visitId), 'skipped', 'stale', {
      keep: wanted.map((w) => ({ subjectId: w.subjectId, recipientUserId: w.recipientUserId, slot: w.slot })),
    });
    const changed = await this.rows.upsert(tx, organizationId, wanted);
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

  /** In one statement: the organisation's offsets and who is reminded (the client, and attendees whose accounts are open). */
  private async planningFacts(tx: EntityManager, organizationId: string, clientId: string, attendees: string[]): Promise<{ offsets: number[]; recipients: string[] }> {
    const [row]: { offsets: number[] | null; client_user: string | null; staff: string[] }[] = await tx.query(
      `SELECT ${visitOffsetsSql('$1')} AS offsets,
              (SELECT user_id FROM client WHERE id = $2 AND organization_id = $1) AS client_user,
              ARRAY(SELECT id FROM user_account WHERE id = ANY($3::uuid[]) AND organization_id = $1 AND disabled_at IS NULL) AS staff`,
      [organizationId, clientId, attendees],
    );
    return { offsets: row.offsets ?? DEFAULT_VISIT_OFFSETS_SECONDS, recipients: [...new Set([...(row.client_user ? [row.client_user] : []), ...row.staff])] };
  }
}

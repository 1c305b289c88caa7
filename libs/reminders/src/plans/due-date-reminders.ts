import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AfterCommit } from '@attune/platform';
import type { ReminderChannel } from '@attune/notifications';
import { ReminderJobs } from '../rows/reminder-jobs.js';
import { ReminderRows } from '../rows/reminder-rows.js';

export type DueDateKind = 'curriculum' | 'measure' | 'follow_up';

export interface DueDateReminder {
  organizationId: string;
  recipientUserId: string;
  clientId: string | null;
  kind: DueDateKind;
  /** The module, administration or follow-up the reminder is about. */
  subjectId: string;
  dueAt: Date;
  /** Several reminders for one subject (e.g. 'day-before', 'due'); defaults to 'due'. */
  slot?: string;
  channels?: ReminderChannel[];
}

/**
 * For other contexts (the curriculum issue's modules, measures' administrations, staff follow-ups): plan a
 * reminder for a due date inside their own transaction, move it when the date moves, cancel it when the
 * work is done. Each returns after-commit work (the jobs), as DomainEvents subscribers do.
 */
@Injectable()
export class DueDateReminders {
  constructor(
    private readonly rows: ReminderRows,
    private readonly jobs: ReminderJobs,
  ) {}

  /** Plans it, or moves the still-scheduled one for the same subject, recipient and slot (new version). */
  async plan(tx: EntityManager, reminder: DueDateReminder): Promise<AfterCommit | undefined> {
    const changes = await this.rows.upsert(tx, reminder.organizationId, [{ ...reminder, slot: reminder.slot ?? 'due', subjectAt: null }]);
    return this.jobs.afterCommit(changes);
  }

  /** Several at once (a year of weekly unlocks), in one statement. */
  async planMany(tx: EntityManager, organizationId: string, reminders: DueDateReminder[]): Promise<AfterCommit | undefined> {
    if (reminders.length === 0) return undefined;
    const changes = await this.rows.upsert(tx, organizationId, reminders.map((r) => ({ ...r, slot: r.slot ?? 'due', subjectAt: null })));
    return this.jobs.afterCommit(changes);
  }

  /** Dates that no longer hold (a paused plan, replaced modules): their pending reminders are cancelled. */
  async cancelMany(tx: EntityManager, organizationId: string, kind: DueDateKind, subjectIds: string[]): Promise<AfterCommit | undefined> {
    const ended = await this.rows.endScheduledOf(tx, organizationId, kind, subjectIds, 'cancelled', 'cancelled');
    return this.jobs.afterCommit(ended, { enqueue: false });
  }

  /** The work was done or dropped: its pending reminders are cancelled. */
  async cancel(tx: EntityManager, organizationId: string, kind: DueDateKind, subjectId: string): Promise<AfterCommit | undefined> {
    const ended = await this.rows.endScheduled(tx, organizationId, kind, subjectId, 'cancelled', 'subject_completed');
    return this.jobs.afterCommit(ended, { enqueue: false });
  }
}

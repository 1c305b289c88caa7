import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@attune/platform';
import { CRITICAL_KINDS, DEFAULT_CHANNELS, type NewReminder, type ReminderJobChange, type ReminderKind, type StatusReason } from './reminder-kinds.js';

interface ChangedRow {
  id: string;
  version: number;
  due_at: Date;
  enqueued_version: number | null;
}

const toChange = (row: ChangedRow): ReminderJobChange => ({
  id: row.id,
  version: row.version,
  dueAt: row.due_at,
  previousJobVersion: row.enqueued_version,
});

/**
 * The reminder table's writes from plans. Every query names the organisation (tenant rule). Every change
 * of a scheduled row's due time bumps its version, so a job made for the old time claims nothing.
 */
@Injectable()
export class ReminderRows {
  constructor(private readonly clock: Clock) {}

  /**
   * Writes the rows, or moves the still-scheduled ones that exist for the same slot (new due time, new
   * version). Sent, cancelled and skipped rows are history and stay as they are. Returns what needs a job.
   */
  async upsert(tx: EntityManager, organizationId: string, rows: NewReminder[]): Promise<ReminderJobChange[]> {
    if (rows.length === 0) return [];
    if (rows.some((row) => row.organizationId !== organizationId)) throw new Error('reminder rows of another organisation');
    const now = this.clock.now();
    const changed: ChangedRow[] = [];
    for (let start = 0; start < rows.length; start += 5000) {
      const batch = rows.slice(start, start + 5000);
      const result: ChangedRow[] = await tx.query(
        `INSERT INTO reminder (organization_id, recipient_user_id, client_id, kind, subject_id, slot, due_at, subject_at, critical, channels, created_at, updated_at)
         SELECT $1, r.recipient, r.client, r.kind, r.subject, r.slot, r.due, r.subject_at, r.critical, string_to_array(r.channels, ','), $2, $2
           FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::uuid[], $7::text[], $8::timestamptz[], $9::timestamptz[], $10::boolean[], $11::text[])
                AS r(recipient, client, kind, subject, slot, due, subject_at, critical, channels)
         ON CONFLICT (kind, subject_id, recipient_user_id, slot) DO UPDATE
            SET due_at = EXCLUDED.due_at, subject_at = EXCLUDED.subject_at, version = reminder.version + 1, updated_at = EXCLUDED.updated_at
          WHERE reminder.status = 'scheduled' AND reminder.organization_id = EXCLUDED.organization_id
            AND (reminder.due_at <> EXCLUDED.due_at OR reminder.subject_at IS DISTINCT FROM EXCLUDED.subject_at)
         RETURNING id, version, due_at, enqueued_version`,
        [
          organizationId,
          now,
          batch.map((r) => r.recipientUserId),
          batch.map((r) => r.clientId),
          batch.map((r) => r.kind),
          batch.map((r) => r.subjectId),
          batch.map((r) => r.slot),
          batch.map((r) => r.dueAt),
          batch.map((r) => r.subjectAt),
          batch.map((r) => CRITICAL_KINDS.includes(r.kind)),
          batch.map((r) => (r.channels ?? DEFAULT_CHANNELS[r.kind]).join(',')),
        ],
      );
      changed.push(...result);
    }
    return changed.map(toChange);
  }

  /**
   * The scheduled rows of a subject, except those to keep (recipient and slot): cancelled or skipped for
   * `reason`, version bumped; their jobs are removed after commit.
   */
  async endScheduled(
    tx: EntityManager,
    organizationId: string,
    kind: ReminderKind,
    subjectId: string,
    status: 'cancelled' | 'skipped',
    reason: StatusReason,
    options: { keep?: { recipientUserId: string; slot: string }[] } = {},
  ): Promise<ReminderJobChange[]> {
    return this.endScheduledOf(tx, organizationId, kind, [subjectId], status, reason, {
      keep: (options.keep ?? []).map((k) => ({ subjectId, ...k })),
    });
  }

  /** As endScheduled, for many subjects of one kind in one statement. */
  async endScheduledOf(
    tx: EntityManager,
    organizationId: string,
    kind: ReminderKind,
    subjectIds: string[],
    status: 'cancelled' | 'skipped',
    reason: StatusReason,
    options: { keep?: { subjectId: string; recipientUserId: string; slot: string }[] } = {},
  ): Promise<ReminderJobChange[]> {
    if (subjectIds.length === 0) return [];
    // TypeORM answers an UPDATE … RETURNING on PostgreSQL with [rows, affected count].
    const [rows]: [ChangedRow[], number] = await tx.query(
      `UPDATE reminder SET status = $4, status_reason = $5, version = version + 1, updated_at = $6
        WHERE organization_id = $1 AND kind = $2 AND subject_id = ANY($3::uuid[]) AND status = 'scheduled'
          AND NOT ((subject_id::text || '|' || recipient_user_id::text || '|' || slot) = ANY($7::text[]))
        RETURNING id, version, due_at, enqueued_version`,
      [organizationId, kind, subjectIds, status, reason, this.clock.now(), (options.keep ?? []).map((k) => `${k.subjectId.toLowerCase()}|${k.recipientUserId.toLowerCase()}|${k.slot}`)],
    );
    return rows.map(toChange);
  }
}

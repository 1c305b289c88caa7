import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CalendarPart, Channel } from './entities/outbound-message.entity.js';

/** A message the worker now owns: claimed, so no other worker, retry or duplicate job can send it. */
export interface ClaimedMessage {
  id: string;
  channel: Channel;
  toAddress: string;
  subject: string | null;
  body: string | null;
  attempts: number;
  calendarMethod: CalendarPart['method'] | null;
  calendarIcs: string | null;
}

/**
 * The status changes of outbound_message. Each is guarded by the status it expects, so a late or
 * repeated job changes nothing. Looked up by id alone: these are the worker's own jobs, not a person's
 * request, and the id came from a row the organisation's own transaction wrote.
 */
@Injectable()
export class OutboundMessages {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** queued → sending. No row: already sent or failed, in flight elsewhere, or not committed yet. */
  async claim(id: string): Promise<ClaimedMessage | null> {
    const [rows]: [ClaimedMessage[], number] = await this.db.query(
      `UPDATE outbound_message SET status = 'sending', attempts = attempts + 1
        WHERE id = $1 AND status = 'queued'
        RETURNING id, channel, to_address AS "toAddress", subject, body, attempts, calendar_method AS "calendarMethod", calendar_ics AS "calendarIcs"`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** sending → sent. The body goes: sign-in codes and links must not linger in the database. */
  async markSent(id: string, sentAt: Date): Promise<void> {
    await this.db.query(
      `UPDATE outbound_message SET status = 'sent', sent_at = $2, body = NULL, calendar_ics = NULL, last_error = NULL
        WHERE id = $1 AND status = 'sending'`,
      [id, sentAt],
    );
  }

  /** sending → queued, for the retry BullMQ is about to schedule. */
  async requeue(id: string, error: string): Promise<void> {
    await this.db.query(`UPDATE outbound_message SET status = 'queued', last_error = $2 WHERE id = $1 AND status = 'sending'`, [
      id,
      error,
    ]);
  }

  /** sending → failed, for good. The body goes too: nobody will send it again. `error` must be redacted. */
  async markFailed(id: string, error: string): Promise<void> {
    await this.db.query(
      `UPDATE outbound_message SET status = 'failed', last_error = $2, body = NULL, calendar_ics = NULL WHERE id = $1 AND status = 'sending'`,
      [id, error],
    );
  }

  /** sending → queued for a message that must go at least once, after its worker died mid-send. */
  async requeueInterrupted(id: string): Promise<boolean> {
    const [rows]: [{ id: string }[], number] = await this.db.query(
      `UPDATE outbound_message SET status = 'queued', last_error = 'interrupted: sent again (at least once)'
        WHERE id = $1 AND status = 'sending' AND at_least_once RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }

  async idsWithStatusCreatedBefore(status: 'queued' | 'sending', before: Date, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM outbound_message WHERE status = $1 AND created_at < $2 ORDER BY created_at LIMIT $3`,
      [status, before, limit],
    );
    return rows.map((row) => row.id);
  }
}

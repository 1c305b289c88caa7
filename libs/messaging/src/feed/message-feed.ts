import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@attune/care';
import type { Actor } from '@attune/identity';
import { Clock, Realtime } from '@attune/platform';
import { emitReceipts } from '../messages/receipts.js';
import { toFeedMessage, type FeedMessage, type MessageRow } from '../messages/message-view.js';

export interface FeedPage {
  messages: FeedMessage[];
  /** Ask again with `after` = this; equal to the request's `after` when nothing new. */
  cursor: string;
}

/**
 * A person's replay feed: every message addressed to them after a cursor, once, in order (the cursor is
 * assigned under a per-recipient lock held to commit). A device calls it after every (re)connection. Rows
 * of threads the person may no longer see (they left the client's team) are left out. Returning a message
 * marks it delivered and tells its sender.
 */
@Injectable()
export class MessageFeed {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditTrail,
    private readonly realtime: Realtime,
    private readonly clock: Clock,
  ) {}

  async after(actor: Actor, after: string, limit: number): Promise<FeedPage> {
    const rows: (MessageRow & { cursor: string; delivered_at: Date | null; client_id: string | null; basis: string })[] = await this.db.query(
      `SELECT d.cursor::text AS cursor, d.delivered_at, m.id, m.thread_id, m.client_message_id, m.sender_user_id, m.body, m.sent_at, t.client_id,
              CASE WHEN t.client_id IS NULL THEN 'colleague' WHEN c.user_id = $1 THEN 'self' ELSE 'team' END AS basis
         FROM message_delivery d
         JOIN message m ON m.id = d.message_id
         JOIN message_thread t ON t.id = d.thread_id AND t.organization_id = $3
         LEFT JOIN client c ON c.id = t.client_id
        WHERE d.user_id = $1 AND d.cursor > $2
          AND (t.client_id IS NULL
               OR (c.user_id = $1 AND t.kind <> 'team_only')
               OR EXISTS (SELECT 1 FROM care_team_membership tm
                           WHERE tm.client_id = t.client_id AND tm.staff_user_id = $1
                             AND tm.starts_at <= $5 AND (tm.ends_at IS NULL OR tm.ends_at > $5)))
        ORDER BY d.cursor LIMIT $4`,
      [actor.userId, after, actor.organizationId, limit, this.clock.now()],
    );
    await this.recordReads(actor, rows);
    await this.markDelivered(actor, rows.filter((r) => !r.delivered_at));
    return { messages: rows.map((r) => toFeedMessage(r, r.cursor)), cursor: rows.at(-1)?.cursor ?? after };
  }

  /** One audit event per thread read. */
  private async recordReads(actor: Actor, rows: { thread_id: string; client_id: string | null; basis: string }[]) {
    const threads = new Map(rows.map((r) => [r.thread_id, r]));
    await this.audit.recordMany(
      [...threads.values()].map((r) => ({
        organizationId: actor.organizationId,
        actorUserId: actor.userId,
        actorRole: actor.role,
        action: 'messages.feed',
        capability: 'messages:read',
        clientId: r.client_id,
        subjectId: r.thread_id,
        outcome: 'allowed' as const,
        basis: r.basis,
      })),
    );
  }

  private async markDelivered(actor: Actor, rows: (MessageRow & { cursor: string })[]) {
    if (rows.length === 0) return;
    const now = this.clock.now();
    // TypeORM answers an UPDATE … RETURNING with [rows, affected].
    const [updated]: [{ cursor: string }[], number] = await this.db.query(
      `UPDATE message_delivery SET delivered_at = $3 WHERE user_id = $1 AND cursor = ANY($2::bigint[]) AND delivered_at IS NULL RETURNING cursor::text AS cursor`,
      [actor.userId, rows.map((r) => r.cursor), now],
    );
    const marked = new Set(updated.map((u) => u.cursor));
    emitReceipts(this.realtime, rows.filter((r) => marked.has(r.cursor)).map((r) => ({ message_id: r.id, sender_user_id: r.sender_user_id, thread_id: r.thread_id })), actor.userId, 'delivered', now);
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '@attune/identity';
import { Clock, Problem, Realtime, Rooms } from '@attune/platform';
import type { MessageThread } from '../threads/message-thread.js';
import { ThreadAccess } from '../threads/thread-access.js';
import { toFeedMessage, type FeedMessage, type MessageRow, type ThreadMessage } from './message-view.js';
import { threadRecipients } from './thread-recipients.js';
import { emitReceipts } from './receipts.js';

export interface NewMessage {
  /** The sender's own id for this message: a retry with the same id returns the stored message. */
  clientMessageId: string;
  body: string;
}

type StoredMessage = MessageRow & { cursor: string };

const MESSAGE_COLUMNS = 'm.id, m.thread_id, m.client_message_id, m.sender_user_id, m.body, m.sent_at';

/** Posting to a thread, reading it, and marking it read. Stored first; sockets hear after the commit. */
@Injectable()
export class Messages {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: ThreadAccess,
    private readonly realtime: Realtime,
    private readonly clock: Clock,
  ) {}

  /** Idempotent by (sender, clientMessageId): a retry answers with the stored message, nothing is sent twice. */
  async send(actor: Actor, threadId: string, input: NewMessage): Promise<FeedMessage> {
    const thread = await this.access.require(actor, threadId, 'messages:send', 'message.send');
    const stored = await this.stored(actor.userId, input.clientMessageId);
    if (stored) return this.sameThread(stored, thread);
    const now = this.clock.now();
    const outcome = await this.db.transaction(async (tx) => {
      const inserted: MessageRow[] = await tx.query(
        `INSERT INTO message (organization_id, thread_id, sender_user_id, client_message_id, body, sent_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (sender_user_id, client_message_id) DO NOTHING
         RETURNING id, thread_id, client_message_id, sender_user_id, body, sent_at`,
        [thread.organizationId, thread.id, actor.userId, input.clientMessageId, input.body, now],
      );
      if (!inserted[0]) return null; // a concurrent retry stored it first
      const deliveries = await this.deliver(tx, thread, inserted[0], actor.userId, now);
      return { message: inserted[0], deliveries };
    });
    if (!outcome) return this.sameThread((await this.stored(actor.userId, input.clientMessageId)) as StoredMessage, thread);
    for (const d of outcome.deliveries) this.realtime.to(Rooms.user(d.user_id)).emit('message.new', toFeedMessage(outcome.message, d.cursor));
    return toFeedMessage(outcome.message, outcome.deliveries.find((d) => d.user_id === actor.userId)!.cursor);
  }

  /** The thread's messages after `after` (a thread position), oldest first, with receipts. */
  async list(actor: Actor, threadId: string, after: string, limit: number): Promise<ThreadMessage[]> {
    const thread = await this.access.require(actor, threadId, 'messages:read', 'messages.list');
    const rows: (MessageRow & { seq: string; receipts: ThreadMessage['receipts'] })[] = await this.db.query(
      `SELECT ${MESSAGE_COLUMNS}, m.seq::text AS seq,
              COALESCE((SELECT json_agg(json_build_object('userId', d.user_id, 'deliveredAt', d.delivered_at, 'readAt', d.read_at) ORDER BY d.user_id)
                          FROM message_delivery d WHERE d.message_id = m.id AND d.user_id <> m.sender_user_id), '[]') AS receipts
         FROM message m WHERE m.thread_id = $1 AND m.seq > $2 ORDER BY m.seq LIMIT $3`,
      [thread.id, after, limit],
    );
    return rows.map((r) => ({
      threadId: r.thread_id,
      messageId: r.id,
      clientMessageId: r.client_message_id,
      senderUserId: r.sender_user_id,
      body: r.body,
      sentAt: r.sent_at.toISOString(),
      seq: r.seq,
      receipts: r.receipts,
    }));
  }

  /** Marks the actor's messages in the thread up to `cursor` (their feed position) read; senders hear of it. */
  async markRead(actor: Actor, threadId: string, cursor: string): Promise<{ read: number }> {
    const thread = await this.access.require(actor, threadId, 'messages:read', 'messages.mark_read');
    const now = this.clock.now();
    // TypeORM answers an UPDATE … RETURNING with [rows, affected].
    const [rows]: [{ message_id: string; sender_user_id: string }[], number] = await this.db.query(
      `UPDATE message_delivery d SET read_at = $4, delivered_at = COALESCE(d.delivered_at, $4)
         FROM message m
        WHERE m.id = d.message_id AND d.user_id = $1 AND d.thread_id = $2 AND d.cursor <= $3 AND d.read_at IS NULL
        RETURNING d.message_id, m.sender_user_id`,
      [actor.userId, thread.id, cursor, now],
    );
    emitReceipts(this.realtime, rows.map((r) => ({ ...r, thread_id: thread.id })), actor.userId, 'read', now);
    return { read: rows.length };
  }

  /** One row per recipient, each under that recipient's lock (sorted, so two senders never deadlock). */
  private async deliver(tx: EntityManager, thread: MessageThread, message: MessageRow, senderUserId: string, now: Date): Promise<{ cursor: string; user_id: string }[]> {
    const recipients = await threadRecipients(tx, thread, senderUserId, now);
    for (const userId of recipients) await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('message-feed:' || $1, 0))`, [userId]);
    return tx.query<{ cursor: string; user_id: string }[]>(
      `INSERT INTO message_delivery (user_id, message_id, thread_id, delivered_at, read_at)
       SELECT r.id, $2, $3, CASE WHEN r.id = $4 THEN $5::timestamptz END, CASE WHEN r.id = $4 THEN $5::timestamptz END
         FROM unnest($1::uuid[]) AS r(id)
       RETURNING cursor::text AS cursor, user_id`,
      [recipients, message.id, thread.id, senderUserId, now],
    );
  }

  private async stored(senderUserId: string, clientMessageId: string): Promise<StoredMessage | null> {
    const rows: StoredMessage[] = await this.db.query(
      `SELECT ${MESSAGE_COLUMNS}, d.cursor::text AS cursor FROM message m
         JOIN message_delivery d ON d.message_id = m.id AND d.user_id = m.sender_user_id
        WHERE m.sender_user_id = $1 AND m.client_message_id = $2`,
      [senderUserId, clientMessageId],
    );
    return rows[0] ?? null;
  }

  private sameThread(stored: StoredMessage, thread: MessageThread): FeedMessage {
    if (stored.thread_id !== thread.id) throw Problem.conflict('clientMessageId', 'already used for a message in another thread');
    return toFeedMessage(stored, stored.cursor);
  }
}

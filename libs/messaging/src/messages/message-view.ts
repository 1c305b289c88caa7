import type { MessageEvent } from '@attune/platform';

/** A message as its recipient's feed holds it: `cursor` is that recipient's replay position. */
export type FeedMessage = MessageEvent;

/** A message as a thread lists it, with every recipient's receipts (the sender sees who has read it). */
export interface ThreadMessage {
  threadId: string;
  messageId: string;
  clientMessageId: string;
  senderUserId: string;
  body: string;
  sentAt: string;
  /** Position in the thread, for paging (`after`). */
  seq: string;
  receipts: { userId: string; deliveredAt: string | null; readAt: string | null }[];
}

export interface MessageRow {
  id: string;
  thread_id: string;
  client_message_id: string;
  sender_user_id: string;
  body: string;
  sent_at: Date;
}

export const toFeedMessage = (row: MessageRow, cursor: string): FeedMessage => ({
  threadId: row.thread_id,
  messageId: row.id,
  clientMessageId: row.client_message_id,
  senderUserId: row.sender_user_id,
  body: row.body,
  sentAt: row.sent_at.toISOString(),
  cursor: String(cursor),
});

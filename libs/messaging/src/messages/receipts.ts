import { Rooms, type Realtime } from '@attune/platform';

/** Tells each message's sender (all their devices) that `userId` has received or read it. */
export function emitReceipts(
  realtime: Realtime,
  rows: { message_id: string; sender_user_id: string; thread_id: string }[],
  userId: string,
  kind: 'delivered' | 'read',
  at: Date,
): void {
  for (const row of rows) {
    if (row.sender_user_id === userId) continue;
    realtime.to(Rooms.user(row.sender_user_id)).emit('message.receipt', { threadId: row.thread_id, messageId: row.message_id, userId, kind, at: at.toISOString() });
  }
}

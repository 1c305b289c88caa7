import type { EntityManager } from 'typeorm';
import type { MessageThread } from '../threads/message-thread.js';

/**
 * Who receives a message posted now, by the thread's kind: the client (unless team-only), the current
 * care team (or the one member), or the two staff of a direct thread; always the sender (their other
 * devices replay it too).
 */
export async function threadRecipients(tx: EntityManager, thread: MessageThread, senderUserId: string, now: Date): Promise<string[]> {
  const recipients = new Set<string>([senderUserId]);
  if (thread.kind === 'staff_direct') thread.memberUserIds.forEach((id) => recipients.add(id));
  else {
    const rows: { user_id: string }[] = await tx.query(
      `SELECT c.user_id FROM client c WHERE c.id = $1 AND c.organization_id = $2 AND $3 <> 'team_only'
       UNION
       SELECT m.staff_user_id FROM care_team_membership m
        WHERE m.client_id = $1 AND m.organization_id = $2 AND m.starts_at <= $4 AND (m.ends_at IS NULL OR m.ends_at > $4)
          AND ($3 <> 'client_member' OR m.staff_user_id = ANY($5::uuid[]))`,
      [thread.clientId, thread.organizationId, thread.kind, now, thread.memberUserIds],
    );
    rows.forEach((r) => recipients.add(r.user_id));
  }
  return [...recipients].sort();
}

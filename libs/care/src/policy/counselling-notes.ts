import { isStaff, type Actor } from '@attune/identity';

/** What the rule needs to know about one counselling note. */
export interface CounsellingNoteFacts {
  authorUserId: string;
  /** The author's supervisor now (staff_member.supervisor_user_id). */
  authorSupervisorUserId: string | null;
}

export type CounsellingNoteDecision = { outcome: 'allowed'; basis: 'author' | 'supervisor' } | { outcome: 'denied' };

/**
 * Counselling notes (psychotherapy notes under HIPAA, and so under 42 CFR Part 2): no role or team grant
 * reads them. Only their author, and the author's own supervisor for supervision (always audited).
 * Any disclosure beyond that needs the client's separate consent (consent issue). A caller has already
 * passed `clinical:read` for the client.
 */
export function decideCounsellingNote(actor: Actor, note: CounsellingNoteFacts): CounsellingNoteDecision {
  // Clients and supporters never: a disclosure of counselling notes needs its own consent (libs/consent).
  if (!isStaff(actor)) return { outcome: 'denied' };
  if (actor.userId === note.authorUserId) return { outcome: 'allowed', basis: 'author' };
  if (actor.role === 'supervisor' && note.authorSupervisorUserId === actor.userId) return { outcome: 'allowed', basis: 'supervisor' };
  return { outcome: 'denied' };
}

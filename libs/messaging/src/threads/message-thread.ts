import type { AccessBasis } from '@attune/care';
import type { Actor } from '@attune/identity';

export const THREAD_KINDS = ['client_team', 'client_member', 'team_only', 'staff_direct'] as const;
/**
 * - `client_team`: the client with their whole current care team;
 * - `client_member`: the client with one member of their team;
 * - `team_only`: the care team about the client (the client never sees it);
 * - `staff_direct`: two staff of the same organisation (no client's record).
 */
export type ThreadKind = (typeof THREAD_KINDS)[number];
export const CLIENT_THREAD_KINDS = ['client_team', 'client_member', 'team_only'] as const;
export type ClientThreadKind = (typeof CLIENT_THREAD_KINDS)[number];

export interface MessageThread {
  id: string;
  organizationId: string;
  kind: ThreadKind;
  clientId: string | null;
  /** `client_member`: the one team member; `staff_direct`: both staff. Empty for the others. */
  memberUserIds: string[];
  createdAt: Date;
}

export interface ThreadRow {
  id: string;
  organization_id: string;
  kind: ThreadKind;
  client_id: string | null;
  member_user_ids: string[];
  created_at: Date;
}

export const THREAD_COLUMNS = 't.id, t.organization_id, t.kind, t.client_id, t.member_user_ids, t.created_at';

export function toThread(row: ThreadRow): MessageThread {
  return {
    id: row.id,
    organizationId: row.organization_id,
    kind: row.kind,
    clientId: row.client_id,
    memberUserIds: row.member_user_ids,
    createdAt: row.created_at,
  };
}

/**
 * Within what the access policy allowed on the client (`basis`), may this actor see this thread? The
 * client sees their own conversations but never a team-only thread; a team member sees the team's
 * threads and the client–member thread that is theirs.
 */
export function threadVisible(thread: MessageThread, actor: Actor, basis: AccessBasis): boolean {
  if (thread.kind === 'staff_direct') return thread.memberUserIds.includes(actor.userId);
  if (basis === 'self') return thread.kind !== 'team_only';
  if (basis !== 'team') return false;
  return thread.kind !== 'client_member' || thread.memberUserIds.includes(actor.userId);
}

/** One thread per kind and people: opening it again returns the same thread. */
export function dedupKey(kind: ThreadKind, clientId: string | null, memberUserIds: string[]): string {
  return [kind, clientId ?? '-', ...[...memberUserIds].sort()].join(':');
}

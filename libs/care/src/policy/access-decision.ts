import type { Actor } from '@attune/identity';
import { BREAK_GLASS_ROLES, GRANTS, SCOPE_CAPABILITIES, type AccessBasis, type Capability, type ConsentScope } from './capabilities.js';

/** What the database says about an actor and a client at one instant. */
export interface AccessFacts {
  clientOrganizationId: string;
  clientUserId: string;
  /** Team roles the actor holds on this client's team right now (usually zero or one). */
  activeTeamRoles: string[];
  breakGlassActive: boolean;
  /**
   * For a supporter: the consents naming them for this client that are active at this instant (not revoked,
   * not expired by date, not ended by an event such as discharge), oldest first. Absent or empty otherwise.
   */
  supporterConsents?: { id: string; scopes: string[] }[];
}

export type Decision =
  | { outcome: 'allowed'; basis: AccessBasis; /** The consent a supporter's read is disclosed under. */ consentId?: string }
  | { outcome: 'denied'; basis: AccessBasis | null }
  | { outcome: 'not_found' };

/**
 * The pure rule (ARCHITECTURE rule 1), unit-tested on its own. Another organisation's client and another
 * client's record are "not found" so their existence is not revealed; staff of the same organisation
 * without a basis are "denied".
 */
export function decide(actor: Actor, facts: AccessFacts | null, capability: Capability): Decision {
  if (!facts || facts.clientOrganizationId !== actor.organizationId) return { outcome: 'not_found' };
  if (actor.role === 'client') {
    if (facts.clientUserId !== actor.userId) return { outcome: 'not_found' };
    return allow('self', capability);
  }
  if (actor.role === 'supporter') return supporterDecision(facts, capability);
  const bases: AccessBasis[] = [];
  if (facts.activeTeamRoles.length > 0) bases.push('team');
  if (actor.role === 'supervisor') bases.push('supervisor');
  if (actor.role === 'admin') bases.push('admin');
  if (facts.breakGlassActive) bases.push('break_glass');
  // Team members ask their team for access instead of breaking the glass.
  if (facts.activeTeamRoles.length === 0 && (BREAK_GLASS_ROLES as readonly string[]).includes(actor.role)) bases.push('colleague');
  for (const basis of bases) {
    const grants = basis === 'team' ? facts.activeTeamRoles.flatMap((r) => GRANTS[`team:${r}` as keyof typeof GRANTS] ?? []) : GRANTS[basis];
    if (grants.includes(capability)) return { outcome: 'allowed', basis };
  }
  return { outcome: 'denied', basis: bases[0] ?? null };
}

function allow(basis: AccessBasis, capability: Capability): Decision {
  return GRANTS[basis].includes(capability) ? { outcome: 'allowed', basis } : { outcome: 'denied', basis };
}

/**
 * A supporter's grants are exactly the scopes of an active consent naming them, re-read on every request,
 * so a revocation or an expiry ends access at once. Without any active consent the client does not exist
 * for them (404, like another client's record); with one that does not cover the capability: 403.
 */
function supporterDecision(facts: AccessFacts, capability: Capability): Decision {
  const consents = facts.supporterConsents ?? [];
  if (consents.length === 0) return { outcome: 'not_found' };
  const covering = consents.find((c) => c.scopes.some((scope) => SCOPE_CAPABILITIES[scope as ConsentScope]?.includes(capability)));
  return covering ? { outcome: 'allowed', basis: 'supporter', consentId: covering.id } : { outcome: 'denied', basis: 'supporter' };
}

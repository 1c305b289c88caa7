import type { Role, StaffRole, TeamRole } from '@attune/identity';

/**
 * What can be done with a client's data. Each route names exactly one. New contexts add theirs here, so
 * the whole grant table stays readable in one place.
 */
export const CAPABILITIES = [
  'client:read', // profile: preferred name, contact, zone, status, programme start
  'client:update', // change profile or status
  'team:read', // who is on the care team, and its history
  'team:manage', // assign members and hand off
  'clinical:read', // clinical content: check-ins, visits, progress, measures, notes other than counselling notes
  'clinical:write',
  'visits:read', // the client's visits and their history (times, kind, status; no notes)
  'visits:schedule', // schedule, move, cancel and record visits: the client's own care team only
  'visit-notes:write', // write, sign and amend one's own note of a visit one attended
  'counselling-notes:write', // mark one's note as counselling notes: clinicians only. Reading them is not a grant
  //                            at all: only the author and the author's supervisor (counselling-notes.ts)
  'audit:read', // the client's audit trail
  'break_glass:open', // emergency access by staff who are not on the team
  // Outcome measures (libs/measures). Who answers: the client themself or their care team. Who reads:
  // - `measures:read`, every instrument: the clinician and the case manager on the team, a supervisor,
  //   break-glass and the client themself (their own answers and scores).
  // - `measures:read-social`, the SPS and the BAM only: the peer coach, whose work is the social map and
  //   recovery supports. ECR-R, RFQ-8, PHQ-9 and GAD-7 are clinical assessments the clinician interprets,
  //   so a peer coach neither reads them nor submits them (a submission answers with its scores).
  // - An admin: none (registration, not care).
  // A route that reads measures asks for `measures:read` first and falls back to `measures:read-social`
  // (AccessPolicy.requireAny), so a peer coach's list holds SPS and BAM rows only.
  'measures:submit', // answer an instrument for the client: the client themself and their care team
  'measures:read', // every instrument's responses and scores
  'measures:read-social', // the SPS and the BAM only
  // Messaging (libs/messaging). Threads about a client: the client themself and their current care team
  // (each thread kind narrows it further: a team-only thread is never the client's, a client–member
  // thread is the client's and that one member's). Supervisors, admins and break-glass do not read
  // messages: they are conversations, not the clinical record.
  'messages:read', // read a thread's messages and receipts
  'messages:send', // open a thread, post a message, mark messages read
] as const;
export type Capability = (typeof CAPABILITIES)[number];

/**
 * Why access was allowed; stored on every audit event. `colleague` is staff of the same organisation who
 * is not on the team: the only thing that earns is the right to open break-glass (which is audited).
 */
export type AccessBasis = 'team' | 'supervisor' | 'admin' | 'self' | 'break_glass' | 'colleague';

/** Staff who may open break-glass. Admins run registration, not care, so they have no emergency need. */
export const BREAK_GLASS_ROLES: readonly StaffRole[] = ['clinician', 'peer_coach', 'case_manager', 'supervisor'];

const TEAM_MEMBER: Capability[] = ['client:read', 'team:read', 'clinical:read', 'clinical:write', 'visits:read', 'visits:schedule', 'visit-notes:write', 'measures:submit'];

/** Grants by basis. A peer coach has no `counselling-notes` grant at all; counselling notes are author-only. */
export const GRANTS: Record<AccessBasis | `team:${TeamRole}`, readonly Capability[]> = {
  'team:clinician': [...TEAM_MEMBER, 'client:update', 'counselling-notes:write', 'measures:read', 'messages:read', 'messages:send'],
  'team:case_manager': [...TEAM_MEMBER, 'client:update', 'measures:read', 'messages:read', 'messages:send'],
  // The peer coach's measures are the social ones (SPS, BAM): see `measures:read-social` above.
  'team:peer_coach': [...TEAM_MEMBER, 'measures:read-social', 'messages:read', 'messages:send'],
  team: [],
  // Supervisors oversee the whole programme: they read clinical content (audited) and manage teams.
  supervisor: ['client:read', 'team:read', 'team:manage', 'clinical:read', 'visits:read', 'audit:read', 'measures:read'],
  // Admins run registration and teams; clinical content only through break-glass.
  admin: ['client:read', 'client:update', 'team:read', 'team:manage', 'audit:read'],
  // A client sees their own visits but does not schedule them (the team does).
  // A client answers their own measures and sees their own scores.
  self: ['client:read', 'team:read', 'clinical:read', 'clinical:write', 'visits:read', 'measures:submit', 'measures:read', 'messages:read', 'messages:send'],
  // Emergency access reads what is needed to act, writes nothing.
  break_glass: ['client:read', 'team:read', 'clinical:read', 'visits:read', 'measures:read'],
  colleague: ['break_glass:open'],
};

/** Capabilities on the organisation itself (not one client). */
export type OrganizationCapability =
  | 'organization:manage' // the programme's settings (require MFA)
  | 'staff:manage' // invite staff
  | 'staff:read' // the staff directory
  | 'clients:register'
  | 'clients:list-all' // a caseload of every client, not only one's own teams
  | 'caseload:read'
  | 'audit:export'
  // Messaging: a direct thread between two staff of the organisation (no client's record involved).
  | 'staff-messages:send';

export const ORGANIZATION_GRANTS: Record<Role, readonly OrganizationCapability[]> = {
  admin: ['organization:manage', 'staff:manage', 'staff:read', 'clients:register', 'clients:list-all', 'caseload:read', 'audit:export', 'staff-messages:send'],
  supervisor: ['staff:read', 'clients:list-all', 'caseload:read', 'staff-messages:send'],
  clinician: ['caseload:read', 'staff-messages:send'],
  peer_coach: ['caseload:read', 'staff-messages:send'],
  case_manager: ['caseload:read', 'staff-messages:send'],
  client: [],
};

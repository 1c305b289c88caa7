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
  // Check-ins, risk alerts and outreach (libs/checkins).
  // - A check-in is submitted by the client themself, or by a member of their care team on their behalf
  //   (a check-in taken over the phone); `submitted_by` says who. Supervisors and break-glass read only.
  // - Alerts are for the care team, never the client (they go to the care-team room only). The team and a
  //   supervisor read, acknowledge and resolve them (with a note); break-glass reads them (it writes
  //   nothing: the on-call person it serves has already been notified when the escalation fired).
  // - Outreach tasks (a quiet client): the care team reads them and records contact; a supervisor reads.
  'checkins:submit',
  'checkins:read',
  'alerts:read',
  'alerts:acknowledge',
  'alerts:resolve',
  'outreach:read',
  'outreach:update',
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

/** What every care-team member may do with check-ins, alerts and outreach (see the block above). */
const CHECKINS_TEAM: Capability[] = ['checkins:submit', 'checkins:read', 'alerts:read', 'alerts:acknowledge', 'alerts:resolve', 'outreach:read', 'outreach:update'];

/** Grants by basis. A peer coach has no `counselling-notes` grant at all; counselling notes are author-only. */
export const GRANTS: Record<AccessBasis | `team:${TeamRole}`, readonly Capability[]> = {
  'team:clinician': [...TEAM_MEMBER, 'client:update', 'counselling-notes:write', 'measures:read', ...CHECKINS_TEAM],
  'team:case_manager': [...TEAM_MEMBER, 'client:update', 'measures:read', ...CHECKINS_TEAM],
  // The peer coach's measures are the social ones (SPS, BAM): see `measures:read-social` above.
  'team:peer_coach': [...TEAM_MEMBER, 'measures:read-social', ...CHECKINS_TEAM],
  team: [],
  // Supervisors oversee the whole programme: they read clinical content (audited) and manage teams.
  supervisor: ['client:read', 'team:read', 'team:manage', 'clinical:read', 'visits:read', 'audit:read', 'measures:read', 'checkins:read', 'alerts:read', 'alerts:acknowledge', 'alerts:resolve', 'outreach:read'],
  // Admins run registration and teams; clinical content only through break-glass.
  admin: ['client:read', 'client:update', 'team:read', 'team:manage', 'audit:read'],
  // A client sees their own visits but does not schedule them (the team does).
  // A client answers their own measures and sees their own scores.
  self: ['client:read', 'team:read', 'clinical:read', 'clinical:write', 'visits:read', 'measures:submit', 'measures:read', 'checkins:submit', 'checkins:read'],
  // Emergency access reads what is needed to act, writes nothing.
  break_glass: ['client:read', 'team:read', 'clinical:read', 'visits:read', 'measures:read', 'checkins:read', 'alerts:read'],
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
  | 'audit:export';

export const ORGANIZATION_GRANTS: Record<Role, readonly OrganizationCapability[]> = {
  admin: ['organization:manage', 'staff:manage', 'staff:read', 'clients:register', 'clients:list-all', 'caseload:read', 'audit:export'],
  supervisor: ['staff:read', 'clients:list-all', 'caseload:read'],
  clinician: ['caseload:read'],
  peer_coach: ['caseload:read'],
  case_manager: ['caseload:read'],
  client: [],
};

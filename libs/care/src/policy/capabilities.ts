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
  // The year-long curriculum (libs/curriculum). A client's plan: modules, activities, progress, sign-offs.
  // - `curriculum:read`, the plan and progress (activity status, no reflection text): the whole care team
  //   (the peer coach leads the connection and social-map modules and must see where the client is), a
  //   supervisor, break-glass and the client.
  // - `curriculum:read-reflections`, the client's own written reflections. A clinical choice: the clinician
  //   and the case manager on the team, a supervisor and the client, NOT the peer coach and NOT break-glass.
  //   Reflections hold attachment history, shame and trauma material the clinician works with; the peer
  //   coach sees that a reflection was done (its status), not what it says, as with the clinical measures.
  // - `curriculum:update`: mark activities (not started, in progress, done, skipped with a reason): the
  //   client and their team. `curriculum:reflect`: write a reflection: the client alone (their words).
  // - `curriculum:review`: review and sign off a module, or skip one with a reason: the care team.
  // - `curriculum:manage`: enrol, pause and resume (a hospital stay), move to a newer template version on
  //   purpose: the clinician and the case manager on the team.
  // - An admin keeps the templates (organisation capabilities below) but has no grant on any client's plan.
  'curriculum:read',
  'curriculum:read-reflections',
  'curriculum:update',
  'curriculum:reflect',
  'curriculum:review',
  'curriculum:manage',
  // 42 CFR Part 2 consents and disclosures (libs/consent). Inside the programme a read is a USE (audited);
  // anything leaving it — to a supporter, an outside provider — is a DISCLOSURE (consent checked, accounted).
  'consents:read', // the client's consents and the exact text each signed
  'consents:manage', // record a signed consent, revoke one (the client themself revokes too)
  'disclosures:read', // the accounting of disclosures (§2.25)
  'disclosures:emergency', // record a medical-emergency disclosure (§2.51)
  // What a supporter's consent scopes map to (SCOPE_CAPABILITIES below). Staff hold them too: for them a read is a use.
  'family-sessions:read', // the visits a supporter is invited to (family sessions)
  'plan:read-coping', // the relapse-prevention plan's coping steps only (the plan itself: libs/network)
  'progress:read-summary', // a short summary of progress in the programme
  // The recovery network (libs/network). The social map and contact log describe third parties, so their
  // labels (supportive / neutral / risky, in recovery) stay inside the programme: everyone who holds
  // `network:read` is the care team, a supervisor, break-glass or the client who named those people.
  // Anything leaving the programme (supporters, exports, SMS) reads the label-free projections instead.
  // The relapse-prevention plan belongs to the client: only the client edits it (`plan:write`, which
  // also accepts or declines proposals); the team proposes (`plan:propose`). `plan:read-coping`
  // (above) is the coping-steps projection alone (coping strategies and crisis lines): supporters after consent.
  'network:read', // the social map with labels, its history, the contact log and the weekly metrics
  'network:write', // add, edit and remove people on the map; log contacts: the client and their team
  'plan:read', // the whole relapse-prevention plan, its versions, proposals and the SMS text
  'plan:write', // edit the plan directly; accept or decline the team's proposals: the client only
  'plan:propose', // propose a new version of the plan: the care team
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
  // Messaging (libs/messaging). Threads about a client: the client themself and their current care team
  // (each thread kind narrows it further: a team-only thread is never the client's, a client–member
  // thread is the client's and that one member's). Supervisors, admins and break-glass do not read
  // messages: they are conversations, not the clinical record.
  'messages:read', // read a thread's messages and receipts
  'messages:send', // open a thread, post a message, mark messages read
  // Referrals to community resources (libs/network/src/referrals). Read: the care team, a supervisor,
  // break-glass and the client themself. Write (refer, send, move the status, close): the clinician and
  // the case manager on the team; sending with client information is also a disclosure (consent checked
  // by Disclosures.disclose). A peer coach, like the client, only records a self-referral (the client
  // contacted a resource themselves: no client data leaves, no consent needed) and moves its status.
  'referrals:read',
  'referrals:write',
  'referrals:record-self',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

/**
 * Why access was allowed; stored on every audit event. `colleague` is staff of the same organisation who
 * is not on the team: the only thing that earns is the right to open break-glass (which is audited).
 */
export type AccessBasis = 'team' | 'supervisor' | 'admin' | 'self' | 'break_glass' | 'colleague' | 'supporter';

/**
 * What a client may consent to disclose (42 CFR 2.31(a)(3): "how much and what kind"), a FIXED list. A
 * supporter's grants are exactly their active consents' scopes mapped here; outside recipients (referrals)
 * receive a scope's information through Disclosures.disclose, not by reading routes, so theirs map to none.
 * `counselling-notes` is only ever alone on a consent of its own kind, never a condition of treatment.
 */
export const CONSENT_SCOPES = ['sessions:family', 'plan:coping', 'progress:summary', 'referral:basic', 'referral:clinical', 'counselling-notes'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];
export const SCOPE_CAPABILITIES: Record<ConsentScope, readonly Capability[]> = {
  'sessions:family': ['family-sessions:read'],
  'plan:coping': ['plan:read-coping'],
  'progress:summary': ['progress:read-summary'],
  'referral:basic': [],
  'referral:clinical': [],
  'counselling-notes': [],
};

/** Staff who may open break-glass. Admins run registration, not care, so they have no emergency need. */
export const BREAK_GLASS_ROLES: readonly StaffRole[] = ['clinician', 'peer_coach', 'case_manager', 'supervisor'];

const TEAM_MEMBER: Capability[] = [
  'client:read', 'team:read', 'clinical:read', 'clinical:write', 'visits:read', 'visits:schedule', 'visit-notes:write', 'measures:submit',
  // consent (libs/consent)
  'consents:read', 'consents:manage', 'disclosures:read', 'disclosures:emergency', 'family-sessions:read', 'plan:read-coping', 'progress:read-summary',
];

/** What every care-team member may do with check-ins, alerts and outreach (see the block above). */
const CHECKINS_TEAM: Capability[] = ['checkins:submit', 'checkins:read', 'alerts:read', 'alerts:acknowledge', 'alerts:resolve', 'outreach:read', 'outreach:update'];

/** Grants by basis. A peer coach has no `counselling-notes` grant at all; counselling notes are author-only. */
export const GRANTS: Record<AccessBasis | `team:${TeamRole}`, readonly Capability[]> = {
  'team:clinician': [...TEAM_MEMBER, 'client:update', 'counselling-notes:write', 'measures:read', 'curriculum:read', 'curriculum:read-reflections', 'curriculum:update', 'curriculum:review', 'curriculum:manage',
    'network:read', 'network:write', 'plan:read', 'plan:propose', ...CHECKINS_TEAM, 'messages:read', 'messages:send', 'referrals:read', 'referrals:write', 'referrals:record-self'],
  'team:case_manager': [...TEAM_MEMBER, 'client:update', 'measures:read', 'curriculum:read', 'curriculum:read-reflections', 'curriculum:update', 'curriculum:review', 'curriculum:manage',
    'network:read', 'network:write', 'plan:read', 'plan:propose', ...CHECKINS_TEAM, 'messages:read', 'messages:send', 'referrals:read', 'referrals:write', 'referrals:record-self'],
  // The peer coach's measures are the social ones (SPS, BAM): see `measures:read-social` above.
  'team:peer_coach': [...TEAM_MEMBER, 'measures:read-social', 'curriculum:read', 'curriculum:update', 'curriculum:review', 'network:read', 'network:write', 'plan:read', 'plan:propose', ...CHECKINS_TEAM, 'messages:read', 'messages:send', 'referrals:read', 'referrals:record-self'],
  team: [],
  // Supervisors oversee the whole programme: they read clinical content (audited) and manage teams.
  supervisor: ['client:read', 'team:read', 'team:manage', 'clinical:read', 'visits:read', 'audit:read', 'measures:read', 'curriculum:read', 'curriculum:read-reflections',
    'consents:read', 'disclosures:read', 'disclosures:emergency', 'family-sessions:read', 'plan:read-coping', 'progress:read-summary', 'network:read', 'plan:read',
    'checkins:read', 'alerts:read', 'alerts:acknowledge', 'alerts:resolve', 'outreach:read', 'referrals:read'],
  // Admins run registration and teams; clinical content only through break-glass.
  admin: ['client:read', 'client:update', 'team:read', 'team:manage', 'audit:read'],
  // A client sees their own visits but does not schedule them (the team does).
  // A client answers their own measures and sees their own scores.
  // A client reads and revokes their own consents and reads their own accounting of disclosures.
  self: ['client:read', 'team:read', 'clinical:read', 'clinical:write', 'visits:read', 'measures:submit', 'measures:read', 'curriculum:read', 'curriculum:read-reflections', 'curriculum:update', 'curriculum:reflect',
    'consents:read', 'consents:manage', 'disclosures:read', 'family-sessions:read', 'plan:read-coping', 'progress:read-summary', 'network:read', 'network:write', 'plan:read', 'plan:write',
    'checkins:submit', 'checkins:read', 'messages:read', 'messages:send', 'referrals:read', 'referrals:record-self'],
  // Emergency access reads what is needed to act, writes nothing.
  // (It records nothing either: a §2.51 emergency disclosure is recorded by the team or a supervisor.)
  break_glass: ['client:read', 'team:read', 'clinical:read', 'visits:read', 'measures:read', 'curriculum:read', 'network:read', 'plan:read', 'checkins:read', 'alerts:read', 'referrals:read'],
  colleague: ['break_glass:open'],
  // A supporter's grants are not a fixed row: they are their consents' scopes (SCOPE_CAPABILITIES), decided per request.
  supporter: [],
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
  // Curriculum templates (libs/curriculum): every staff member reads them; an admin imports and edits.
  | 'curriculum:templates-read'
  | 'curriculum:templates-manage'
  // The schedule of outcome measures (intake, every N days, discharge) is `organization:manage`.
  | 'service-agreements:manage' // service-provider agreements per integration (SMS, email, video, hosting)
  // Community resources (HSDS): organisation-level directory data, no client data. Admins and case
  // managers keep the directory (import, export, edit); every member of the programme searches it,
  // clients included, since finding a meeting or a food bank on one's own is not a disclosure.
  | 'resources:manage'
  | 'resources:search'
  | 'staff-messages:send'; // staff direct threads

export const ORGANIZATION_GRANTS: Record<Role, readonly OrganizationCapability[]> = {
  admin: ['organization:manage', 'staff:manage', 'staff:read', 'clients:register', 'clients:list-all', 'caseload:read', 'audit:export', 'curriculum:templates-read', 'curriculum:templates-manage', 'service-agreements:manage', 'resources:manage', 'resources:search', 'staff-messages:send'],
  supervisor: ['staff:read', 'clients:list-all', 'caseload:read', 'curriculum:templates-read', 'resources:search', 'staff-messages:send'],
  clinician: ['caseload:read', 'curriculum:templates-read', 'resources:search', 'staff-messages:send'],
  peer_coach: ['caseload:read', 'curriculum:templates-read', 'resources:search', 'staff-messages:send'],
  case_manager: ['caseload:read', 'curriculum:templates-read', 'resources:manage', 'resources:search', 'staff-messages:send'],
  client: ['resources:search'],
  supporter: [],
};

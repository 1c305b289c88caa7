import { describe, expect, it } from '@jest/globals';
import type { Actor, Role, TeamRole } from '@attune/identity';
import { decide, type AccessFacts } from './access-decision.js';
import { CAPABILITIES, GRANTS, type Capability } from './capabilities.js';

const ORG = 'org-1';
const CLIENT_USER = 'client-user-1';

const actor = (role: Role, userId = `${role}-user`, organizationId = ORG): Actor => ({ userId, organizationId, role, sessionId: 's' });
const facts = (overrides: Partial<AccessFacts> = {}): AccessFacts => ({
  clientOrganizationId: ORG,
  clientUserId: CLIENT_USER,
  activeTeamRoles: [],
  breakGlassActive: false,
  ...overrides,
});
const allowedCapabilities = (who: Actor, f: AccessFacts) => CAPABILITIES.filter((c) => decide(who, f, c).outcome === 'allowed');

describe('decide: the access rule', () => {
  it.each<[TeamRole]>([['clinician'], ['peer_coach'], ['case_manager']])('gives a %s on the team exactly its grant list', (teamRole) => {
    const onTeam = facts({ activeTeamRoles: [teamRole] });
    expect(allowedCapabilities(actor(teamRole), onTeam)).toEqual(CAPABILITIES.filter((c) => GRANTS[`team:${teamRole}`].includes(c)));
    for (const c of allowedCapabilities(actor(teamRole), onTeam)) expect(decide(actor(teamRole), onTeam, c)).toEqual({ outcome: 'allowed', basis: 'team' });
  });

  it('never gives a peer coach counselling notes or anything outside its grants', () => {
    const peerCoach = actor('peer_coach');
    const onTeam = facts({ activeTeamRoles: ['peer_coach'] });
    expect(GRANTS['team:peer_coach'].some((c) => c.includes('counselling'))).toBe(false);
    expect(decide(peerCoach, onTeam, 'counselling-notes:read' as Capability).outcome).toBe('denied');
    expect(decide(peerCoach, onTeam, 'counselling-notes:write').outcome).toBe('denied');
    for (const c of CAPABILITIES.filter((cap) => !GRANTS['team:peer_coach'].includes(cap))) {
      expect(decide(peerCoach, onTeam, c).outcome).toBe('denied');
    }
    expect(decide(peerCoach, onTeam, 'client:update').outcome).toBe('denied');
  });

  it('lets an admin run registration and teams but not read clinical content', () => {
    const admin = actor('admin');
    expect(decide(admin, facts(), 'clinical:read')).toEqual({ outcome: 'denied', basis: 'admin' });
    expect(decide(admin, facts(), 'clinical:write').outcome).toBe('denied');
    expect(decide(admin, facts(), 'break_glass:open').outcome).toBe('denied');
    expect(decide(admin, facts(), 'client:update')).toEqual({ outcome: 'allowed', basis: 'admin' });
    expect(decide(admin, facts(), 'team:manage')).toEqual({ outcome: 'allowed', basis: 'admin' });
  });

  it('lets a supervisor read the organisation\'s clients on the supervisor basis, never write clinical content', () => {
    const supervisor = actor('supervisor');
    expect(decide(supervisor, facts(), 'client:read')).toEqual({ outcome: 'allowed', basis: 'supervisor' });
    expect(decide(supervisor, facts(), 'clinical:read')).toEqual({ outcome: 'allowed', basis: 'supervisor' });
    expect(decide(supervisor, facts(), 'clinical:write').outcome).toBe('denied');
    expect(decide(supervisor, facts(), 'client:update').outcome).toBe('denied');
  });

  it('answers not_found for another organisation, whatever the role or team', () => {
    for (const role of ['admin', 'supervisor', 'clinician', 'peer_coach', 'case_manager', 'client'] as Role[]) {
      const stranger = actor(role, role === 'client' ? CLIENT_USER : `${role}-user`, 'org-2');
      expect(decide(stranger, facts({ activeTeamRoles: ['clinician'], breakGlassActive: true }), 'client:read')).toEqual({ outcome: 'not_found' });
    }
    expect(decide(actor('clinician'), null, 'client:read')).toEqual({ outcome: 'not_found' });
  });

  it('answers not_found to a client asking about another client, and gives a client their own record', () => {
    expect(decide(actor('client', 'someone-else'), facts(), 'client:read')).toEqual({ outcome: 'not_found' });
    expect(decide(actor('client', CLIENT_USER), facts(), 'client:read')).toEqual({ outcome: 'allowed', basis: 'self' });
    expect(decide(actor('client', CLIENT_USER), facts(), 'client:update').outcome).toBe('denied');
    expect(decide(actor('client', CLIENT_USER), facts(), 'break_glass:open').outcome).toBe('denied');
  });

  it('refuses same-organisation staff who are not on the team', () => {
    for (const c of CAPABILITIES.filter((cap) => cap !== 'break_glass:open')) {
      expect(decide(actor('clinician'), facts(), c)).toEqual({ outcome: 'denied', basis: 'colleague' });
    }
  });

  it('gives break-glass read only', () => {
    const withGrant = facts({ breakGlassActive: true });
    for (const role of ['clinician', 'peer_coach', 'case_manager'] as Role[]) {
      const allowed = allowedCapabilities(actor(role), withGrant).filter((c) => decide(actor(role), withGrant, c).outcome === 'allowed' && c !== 'break_glass:open');
      expect(allowed).toEqual(['client:read', 'team:read', 'clinical:read', 'visits:read', 'measures:read', 'curriculum:read', 'network:read', 'plan:read', 'checkins:read', 'alerts:read', 'referrals:read']); // curriculum: progress, not reflections
      for (const c of allowed) expect(decide(actor(role), withGrant, c)).toEqual({ outcome: 'allowed', basis: 'break_glass' });
      expect(decide(actor(role), withGrant, 'clinical:write').outcome).toBe('denied');
      expect(decide(actor(role), withGrant, 'client:update').outcome).toBe('denied');
    }
    expect(GRANTS.break_glass.every((c) => c.endsWith(':read'))).toBe(true);
  });

  it('lets only staff outside the team open break-glass', () => {
    expect(decide(actor('clinician'), facts(), 'break_glass:open')).toEqual({ outcome: 'allowed', basis: 'colleague' });
    expect(decide(actor('supervisor'), facts(), 'break_glass:open')).toEqual({ outcome: 'allowed', basis: 'colleague' });
    expect(decide(actor('peer_coach'), facts({ activeTeamRoles: ['peer_coach'] }), 'break_glass:open')).toEqual({ outcome: 'denied', basis: 'team' });
  });

  it('lets only the care team schedule visits; the client, a supervisor and break-glass only read them', () => {
    for (const teamRole of ['clinician', 'peer_coach', 'case_manager'] as TeamRole[]) {
      expect(decide(actor(teamRole), facts({ activeTeamRoles: [teamRole] }), 'visits:schedule')).toEqual({ outcome: 'allowed', basis: 'team' });
    }
    expect(decide(actor('client', CLIENT_USER), facts(), 'visits:read')).toEqual({ outcome: 'allowed', basis: 'self' });
    expect(decide(actor('client', CLIENT_USER), facts(), 'visits:schedule').outcome).toBe('denied');
    expect(decide(actor('supervisor'), facts(), 'visits:read')).toEqual({ outcome: 'allowed', basis: 'supervisor' });
    expect(decide(actor('supervisor'), facts(), 'visits:schedule').outcome).toBe('denied');
    expect(decide(actor('admin'), facts(), 'visits:schedule').outcome).toBe('denied');
    expect(decide(actor('case_manager'), facts({ breakGlassActive: true }), 'visits:read')).toEqual({ outcome: 'allowed', basis: 'break_glass' });
    expect(decide(actor('case_manager'), facts({ breakGlassActive: true }), 'visits:schedule').outcome).toBe('denied');
  });

  it('measures: the client and the care team submit; clinician, case manager, supervisor, break-glass and the client read every instrument; the peer coach reads the social ones only; an admin nothing', () => {
    const self = actor('client', CLIENT_USER);
    for (const teamRole of ['clinician', 'peer_coach', 'case_manager'] as TeamRole[]) {
      expect(decide(actor(teamRole), facts({ activeTeamRoles: [teamRole] }), 'measures:submit')).toEqual({ outcome: 'allowed', basis: 'team' });
    }
    expect(decide(self, facts(), 'measures:submit')).toEqual({ outcome: 'allowed', basis: 'self' });
    for (const teamRole of ['clinician', 'case_manager'] as TeamRole[]) {
      expect(decide(actor(teamRole), facts({ activeTeamRoles: [teamRole] }), 'measures:read')).toEqual({ outcome: 'allowed', basis: 'team' });
    }
    expect(decide(self, facts(), 'measures:read')).toEqual({ outcome: 'allowed', basis: 'self' });
    expect(decide(actor('supervisor'), facts(), 'measures:read')).toEqual({ outcome: 'allowed', basis: 'supervisor' });
    expect(decide(actor('case_manager'), facts({ breakGlassActive: true }), 'measures:read')).toEqual({ outcome: 'allowed', basis: 'break_glass' });
    // The peer coach: SPS and BAM (measures:read-social), never the clinical assessments (measures:read).
    const peerCoach = actor('peer_coach');
    expect(decide(peerCoach, facts({ activeTeamRoles: ['peer_coach'] }), 'measures:read-social')).toEqual({ outcome: 'allowed', basis: 'team' });
    expect(decide(peerCoach, facts({ activeTeamRoles: ['peer_coach'] }), 'measures:read')).toEqual({ outcome: 'denied', basis: 'team' });
    // Writing is the team's and the client's: not a supervisor, not break-glass, not a colleague.
    expect(decide(actor('supervisor'), facts(), 'measures:submit').outcome).toBe('denied');
    expect(decide(actor('case_manager'), facts({ breakGlassActive: true }), 'measures:submit').outcome).toBe('denied');
    expect(decide(actor('clinician'), facts(), 'measures:read')).toEqual({ outcome: 'denied', basis: 'colleague' });
    for (const c of ['measures:submit', 'measures:read', 'measures:read-social'] as Capability[]) {
      expect(decide(actor('admin'), facts(), c)).toEqual({ outcome: 'denied', basis: 'admin' });
    }
  });

  it('lets only a clinician on the team mark counselling notes; every team member writes visit notes', () => {
    expect(decide(actor('clinician'), facts({ activeTeamRoles: ['clinician'] }), 'counselling-notes:write').outcome).toBe('allowed');
    for (const teamRole of ['peer_coach', 'case_manager'] as TeamRole[]) {
      expect(decide(actor(teamRole), facts({ activeTeamRoles: [teamRole] }), 'counselling-notes:write').outcome).toBe('denied');
      expect(decide(actor(teamRole), facts({ activeTeamRoles: [teamRole] }), 'visit-notes:write').outcome).toBe('allowed');
    }
    expect(decide(actor('supervisor'), facts(), 'visit-notes:write').outcome).toBe('denied');
    expect(decide(actor('client', CLIENT_USER), facts(), 'visit-notes:write').outcome).toBe('denied');
  });
});

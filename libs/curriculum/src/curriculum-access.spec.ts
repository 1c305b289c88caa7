import { describe, expect, it } from '@jest/globals';
import { decide, ORGANIZATION_GRANTS, type AccessFacts, type Capability } from '@attune/care';
import type { Actor, Role } from '@attune/identity';

const ORG = 'org-1';
const actor = (role: Role): Actor => ({ userId: `${role}-user`, organizationId: ORG, role, sessionId: 's' });
const facts = (overrides: Partial<AccessFacts> = {}): AccessFacts => ({ clientOrganizationId: ORG, clientUserId: 'client-user', activeTeamRoles: [], breakGlassActive: false, ...overrides });
const CURRICULUM: Capability[] = ['curriculum:read', 'curriculum:read-reflections', 'curriculum:update', 'curriculum:reflect', 'curriculum:review', 'curriculum:manage'];
const allowed = (a: Actor, f: AccessFacts) => CURRICULUM.filter((c) => decide(a, f, c).outcome === 'allowed');

/** The curriculum block of capabilities.ts, rule by rule. */
describe('curriculum access', () => {
  it('lets the peer coach see progress, mark and sign off, but not read reflections or enrol, pause and move', () => {
    expect(allowed(actor('peer_coach'), facts({ activeTeamRoles: ['peer_coach'] }))).toEqual(['curriculum:read', 'curriculum:update', 'curriculum:review']);
  });
  it('gives the clinician and case manager everything but writing the reflection', () => {
    for (const role of ['clinician', 'case_manager'] as const) {
      expect(allowed(actor(role), facts({ activeTeamRoles: [role] }))).toEqual(['curriculum:read', 'curriculum:read-reflections', 'curriculum:update', 'curriculum:review', 'curriculum:manage']);
    }
  });
  it('lets the client see and work their own plan and alone write reflections', () => {
    expect(allowed({ ...actor('client'), userId: 'client-user' }, facts())).toEqual(['curriculum:read', 'curriculum:read-reflections', 'curriculum:update', 'curriculum:reflect']);
  });
  it('lets a supervisor read, break-glass read progress only, and an admin nothing on a plan', () => {
    expect(allowed(actor('supervisor'), facts())).toEqual(['curriculum:read', 'curriculum:read-reflections']);
    expect(allowed(actor('case_manager'), facts({ breakGlassActive: true }))).toEqual(['curriculum:read']);
    expect(allowed(actor('admin'), facts())).toEqual([]);
    expect(ORGANIZATION_GRANTS.admin).toContain('curriculum:templates-manage');
    expect(ORGANIZATION_GRANTS.supervisor).not.toContain('curriculum:templates-manage');
  });
});

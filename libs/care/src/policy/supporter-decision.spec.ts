import { describe, expect, it } from '@jest/globals';
import type { Actor } from '@attune/identity';
import { decide, type AccessFacts } from './access-decision.js';
import { CAPABILITIES, SCOPE_CAPABILITIES } from './capabilities.js';

const supporter: Actor = { userId: 'supporter-1', organizationId: 'org-1', role: 'supporter', sessionId: 's' };
const facts = (supporterConsents: AccessFacts['supporterConsents']): AccessFacts => ({
  clientOrganizationId: 'org-1',
  clientUserId: 'client-1',
  activeTeamRoles: [],
  breakGlassActive: false,
  supporterConsents,
});
const allowed = (f: AccessFacts) => CAPABILITIES.filter((c) => decide(supporter, f, c).outcome === 'allowed');

describe('decide: a supporter', () => {
  it('holds exactly the capabilities its active consents’ scopes map to, under the consent that covers each', () => {
    const f = facts([{ id: 'k1', scopes: ['progress:summary'] }, { id: 'k2', scopes: ['sessions:family', 'referral:basic'] }]);
    expect(allowed(f)).toEqual(['family-sessions:read', 'progress:read-summary']);
    expect(decide(supporter, f, 'family-sessions:read')).toEqual({ outcome: 'allowed', basis: 'supporter', consentId: 'k2' });
    expect(decide(supporter, f, 'client:read')).toEqual({ outcome: 'denied', basis: 'supporter' });
  });

  it('does not see the client at all without an active consent, nor another organisation’s client', () => {
    expect(decide(supporter, facts([]), 'family-sessions:read')).toEqual({ outcome: 'not_found' });
    expect(decide(supporter, facts(undefined), 'progress:read-summary')).toEqual({ outcome: 'not_found' });
    expect(decide(supporter, { ...facts([{ id: 'k', scopes: ['progress:summary'] }]), clientOrganizationId: 'org-2' }, 'progress:read-summary')).toEqual({ outcome: 'not_found' });
  });

  it('is never granted counselling notes or referral content by reading: those scopes map to no capability', () => {
    expect(SCOPE_CAPABILITIES['counselling-notes']).toEqual([]);
    expect(allowed(facts([{ id: 'k', scopes: ['counselling-notes'] }]))).toEqual([]);
  });
});

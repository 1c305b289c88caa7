import { describe, expect, it } from '@jest/globals';
import type { Actor, Role } from '@attune/identity';
import { decideCounsellingNote } from './counselling-notes.js';

const actor = (role: Role, userId: string): Actor => ({ userId, organizationId: 'org', role, sessionId: 's' });
const note = { authorUserId: 'clinician-1', authorSupervisorUserId: 'supervisor-1' };

describe('counselling notes: author and the author\'s supervisor only', () => {
  it('lets the author and their supervisor read', () => {
    expect(decideCounsellingNote(actor('clinician', 'clinician-1'), note)).toEqual({ outcome: 'allowed', basis: 'author' });
    expect(decideCounsellingNote(actor('supervisor', 'supervisor-1'), note)).toEqual({ outcome: 'allowed', basis: 'supervisor' });
  });
  it('refuses everyone else: other clinicians, peer coaches, other supervisors, admins, the client', () => {
    for (const [role, id] of [['clinician', 'clinician-2'], ['peer_coach', 'p'], ['case_manager', 'c'], ['supervisor', 'supervisor-2'], ['admin', 'a'], ['client', 'clinician-1']] as [Role, string][]) {
      expect(decideCounsellingNote(actor(role, id), note)).toEqual({ outcome: 'denied' });
    }
  });
});

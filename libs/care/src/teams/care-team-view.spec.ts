import { describe, expect, it } from '@jest/globals';
import type { TeamRole } from '@attune/identity';
import type { CareTeamMember } from './care-team-members.js';
import { arrangeCareTeam } from './care-team-view.js';

const NOW = new Date('2026-03-08T12:00:00Z');
const hoursFromNow = (h: number) => new Date(NOW.getTime() + h * 3600_000);
const member = (id: string, teamRole: TeamRole, startsAt: Date, endsAt: Date | null = null): CareTeamMember => ({
  membershipId: id,
  clientId: 'c',
  userId: `u-${id}`,
  displayName: id,
  teamRole,
  startsAt,
  endsAt,
});

describe('arrangeCareTeam', () => {
  it('splits memberships into current, upcoming and history and names the roles nobody holds', () => {
    const view = arrangeCareTeam(
      [
        member('old-coach', 'peer_coach', hoursFromNow(-100), hoursFromNow(-1)),
        member('coach', 'case_manager', hoursFromNow(-1)),
        member('clinician', 'clinician', hoursFromNow(-50), hoursFromNow(5)),
        member('next-coach', 'peer_coach', hoursFromNow(2)),
      ],
      NOW,
    );
    expect(view.members.map((m) => m.membershipId)).toEqual(['clinician', 'coach']);
    expect(view.missingRoles).toEqual(['peer_coach']);
    expect(view.upcoming.map((m) => m.membershipId)).toEqual(['next-coach']);
    expect(view.history.map((m) => m.membershipId)).toEqual(['old-coach']);
  });

  it('counts a membership that ends exactly now as history, and one that starts now as current', () => {
    const view = arrangeCareTeam([member('from', 'clinician', hoursFromNow(-3), NOW), member('to', 'clinician', NOW)], NOW);
    expect(view.members.map((m) => m.membershipId)).toEqual(['to']);
    expect(view.history.map((m) => m.membershipId)).toEqual(['from']);
  });

  it('reports every role missing for an empty team, and allows two of one role', () => {
    expect(arrangeCareTeam([], NOW).missingRoles).toEqual(['clinician', 'peer_coach', 'case_manager']);
    const two = arrangeCareTeam([member('a', 'clinician', hoursFromNow(-1)), member('b', 'clinician', hoursFromNow(-2))], NOW);
    expect(two.members.map((m) => m.membershipId)).toEqual(['b', 'a']);
  });
});

import { TEAM_ROLES, type TeamRole } from '@attune/identity';
import type { CareTeamMember } from './care-team-members.js';

/** A client's care team at one instant: who is on it, who is about to join, who has left. */
export interface CareTeamView {
  members: CareTeamMember[];
  /** IHATI teams have a clinician, a peer coach and a case manager; these roles have nobody right now. */
  missingRoles: TeamRole[];
  upcoming: CareTeamMember[];
  history: CareTeamMember[];
}

export function arrangeCareTeam(memberships: CareTeamMember[], now: Date): CareTeamView {
  const t = now.getTime();
  const members = memberships.filter((m) => m.startsAt.getTime() <= t && (m.endsAt === null || m.endsAt.getTime() > t));
  return {
    members: members.sort((a, b) => TEAM_ROLES.indexOf(a.teamRole) - TEAM_ROLES.indexOf(b.teamRole) || a.startsAt.getTime() - b.startsAt.getTime()),
    missingRoles: TEAM_ROLES.filter((role) => !members.some((m) => m.teamRole === role)),
    upcoming: memberships.filter((m) => m.startsAt.getTime() > t),
    history: memberships.filter((m) => m.endsAt !== null && m.endsAt.getTime() <= t).sort((a, b) => b.endsAt!.getTime() - a.endsAt!.getTime()),
  };
}

export const STAFF_ROLES = ['admin', 'supervisor', 'clinician', 'peer_coach', 'case_manager'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export type Role = StaffRole | 'client';

/** The IHATI care-team roles: every client's team has one of each (more are allowed). */
export const TEAM_ROLES = ['clinician', 'peer_coach', 'case_manager'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

/** Who is acting, as proven by a verified access token whose session is live. */
export interface Actor {
  userId: string;
  organizationId: string;
  role: Role;
  sessionId: string;
}

export const isStaff = (actor: Actor) => actor.role !== 'client';

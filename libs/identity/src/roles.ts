export const STAFF_ROLES = ['admin', 'supervisor', 'clinician', 'peer_coach', 'case_manager'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
/**
 * `supporter`: a family member or friend a client's consent names (42 CFR Part 2). Not staff, not a client:
 * what they may read is exactly their active consents' scopes (libs/consent). A person who is both a client
 * and a supporter has two accounts, one per role, on the same phone.
 */
export type Role = StaffRole | 'client' | 'supporter';
/** People who sign in with a code texted to their phone (no password, no MFA). */
export const PHONE_ROLES = ['client', 'supporter'] as const;
export type PhoneRole = (typeof PHONE_ROLES)[number];

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

export const isStaff = (actor: Pick<Actor, 'role'>) => (STAFF_ROLES as readonly string[]).includes(actor.role);

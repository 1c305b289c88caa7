import type { Role } from '../roles.js';

/** What a completed sign-in or refresh hands the device. */
export interface TokenPair {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  user: { id: string; role: Role; organizationId: string };
}

/** The account a session is opened for. */
export interface SessionOwner {
  id: string;
  organizationId: string;
  role: Role;
}

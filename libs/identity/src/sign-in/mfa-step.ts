import type { Role } from '../roles.js';

/** What must follow a correct first factor. */
export type MfaStep = 'none' | 'verify' | 'enrol';

/**
 * Staff with an authenticator always use it. Staff of an organisation that requires MFA and who have
 * none must enrol one before they get tokens. Clients never: their second factor is the phone itself
 * (sign-in codes), and losing access to their team matters more than a second prompt.
 */
export function mfaStep(account: {
  role: Role;
  totpEnabledAt: Date | null;
  organizationRequiresMfa: boolean;
}): MfaStep {
  if (account.role === 'client' || account.role === 'supporter') return 'none';
  if (account.totpEnabledAt) return 'verify';
  return account.organizationRequiresMfa ? 'enrol' : 'none';
}

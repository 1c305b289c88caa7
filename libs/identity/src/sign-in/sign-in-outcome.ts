import type { TokenPair } from '../sessions/token-pair.js';

/** A second step is needed: send the code from the authenticator (or enrol one first) with this token. */
export interface MfaChallenge {
  mfaRequired: true;
  mfaToken: string;
  mfaTokenExpiresAt: Date;
  /** True when the organisation requires MFA and the person has no authenticator yet. */
  enrolmentRequired: boolean;
}

export type SignInOutcome = TokenPair | MfaChallenge;

import type { MfaChallenge, SignInOutcome, TokenPair } from '@attune/identity';
import type { MfaChallengeDto, TokenPairDto } from './auth-responses.dto.js';

/** Domain results → response bodies (instants as ISO 8601 strings). */
export function presentTokens(pair: TokenPair): TokenPairDto {
  return {
    accessToken: pair.accessToken,
    accessTokenExpiresAt: pair.accessTokenExpiresAt.toISOString(),
    refreshToken: pair.refreshToken,
    refreshTokenExpiresAt: pair.refreshTokenExpiresAt.toISOString(),
    user: { ...pair.user },
  };
}

export function presentOutcome(outcome: SignInOutcome): TokenPairDto | MfaChallengeDto {
  return 'mfaRequired' in outcome ? presentChallenge(outcome) : presentTokens(outcome);
}

function presentChallenge(challenge: MfaChallenge): MfaChallengeDto {
  return {
    mfaRequired: true,
    mfaToken: challenge.mfaToken,
    mfaTokenExpiresAt: challenge.mfaTokenExpiresAt.toISOString(),
    enrolmentRequired: challenge.enrolmentRequired,
  };
}

import { Secret, TOTP } from 'otpauth';

const PERIOD = 30;
/** One period either side: tolerates a phone clock ~30 s off without widening the guessing window much. */
const WINDOW = 1;

export interface NewAuthenticator {
  /** Base32 seed, for people who type it instead of scanning. */
  secret: string;
  /** otpauth://totp/… for the QR code. */
  uri: string;
}

/** A fresh 160-bit seed (RFC 4226's recommended size) and its provisioning URI. */
export function newAuthenticator(label: string): NewAuthenticator {
  const secret = new Secret({ size: 20 });
  return { secret: secret.base32, uri: totp(secret.base32, label).toString() };
}

/**
 * The time step the code belongs to, or null when it matches none within the window. Callers remember
 * the last accepted step and refuse it or anything older (RFC 6238 §5.2: a code works once).
 */
export function matchingStep(secret: string, code: string, at: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp(secret, 'attune').validate({ token: code, timestamp: at.getTime(), window: WINDOW });
  return delta === null ? null : TOTP.counter({ period: PERIOD, timestamp: at.getTime() }) + delta;
}

function totp(secret: string, label: string): TOTP {
  // Issuer and label are what the authenticator app shows: neutral, like every message Attune sends.
  return new TOTP({
    issuer: 'Attune',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(secret),
  });
}

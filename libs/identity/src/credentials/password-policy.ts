import { COMMON_PASSWORD_WORDS, COMMON_PASSWORDS } from './common-passwords.js';

export const MIN_PASSWORD_LENGTH = 12;

/**
 * Why a new password is refused, or null when it is acceptable. Pure, so it is unit-tested and the
 * caller decides which field to name (`password` or `newPassword`). The reasons never echo the password.
 *
 * Length carries most of the strength (NIST SP 800-63B); the other rules stop the guesses attackers try
 * first: one character class, the person's own email name, famous passwords and their padded variants.
 */
export function passwordWeakness(password: string, email: string | null): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (characterClasses(password) < 2)
    return 'must mix at least two kinds of characters (letters, digits, symbols)';
  if (new Set(password.toLowerCase()).size < 5) return 'repeats too few different characters';
  const lower = password.toLowerCase();
  const localPart = email?.split('@')[0]?.toLowerCase() ?? '';
  if (localPart.length >= 3 && lower.includes(localPart)) return 'must not contain your email name';
  if (COMMON_PASSWORDS.has(lower) || COMMON_PASSWORD_WORDS.has(coreWord(lower))) return 'is too common';
  return null;
}

function characterClasses(password: string): number {
  const classes = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u];
  return classes.filter((c) => c.test(password)).length;
}

/** "P@ssword2024!" → "password": strips padding at both ends, then undoes the usual character swaps. */
function coreWord(lower: string): string {
  const SWAPS: Record<string, string> = {
    '@': 'a',
    $: 's',
    '0': 'o',
    '1': 'i',
    '3': 'e',
    '4': 'a',
    '5': 's',
    '7': 't',
  };
  const padded = lower.replace(/^[\d\W_]+|[\d\W_]+$/gu, '');
  return [...padded].map((ch) => SWAPS[ch] ?? ch).join('');
}

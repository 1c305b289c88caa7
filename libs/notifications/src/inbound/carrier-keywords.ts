import { createHmac, timingSafeEqual } from 'node:crypto';

/** The keywords US carriers and Twilio treat as opting out of, or back into, texts from a number (CTIA). */
const OPT_OUT = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE']);
const OPT_IN = new Set(['START', 'UNSTOP', 'YES']);

export type KeywordIntent = 'opt_out' | 'opt_in' | 'other';

/** What an inbound text asks for; Twilio's own `OptOutType` (STOP, START, HELP) wins when present. */
export function keywordIntent(body: string | undefined, optOutType: string | undefined): KeywordIntent {
  const word = (optOutType ?? body ?? '').trim().toUpperCase();
  if (OPT_OUT.has(word)) return 'opt_out';
  if (OPT_IN.has(word)) return 'opt_in';
  return 'other';
}

/**
 * Twilio's request signature: base64 HMAC-SHA1, keyed by the auth token, of the full URL the webhook was
 * configured with followed by every POST parameter as name then value, sorted by name.
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((text, name) => text + name + params[name], url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

export function signatureMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

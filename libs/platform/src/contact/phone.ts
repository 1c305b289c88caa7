import { createRequire } from 'node:module';

// The CommonJS build with full metadata, the very copy class-validator loads for its IsPhoneNumber: importing
// the package here would load its ES-module build and small metadata as a second copy (~1 MB of heap in
// every process). "Possible" checks only lengths, which both metadata sets hold alike.
const { isPossiblePhoneNumber } = createRequire(import.meta.url)('libphonenumber-js/max') as typeof import('libphonenumber-js/max');

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * E.164 with a length possible for its country. Not `isValidPhoneNumber`: its range metadata lags new
 * number allocations (a real client could be locked out of registration), and it refuses the fictional
 * 555-01xx numbers used in training and demos. The format is what the SMS provider needs.
 */
export function isE164Phone(value: string): boolean {
  return E164.test(value) && isPossiblePhoneNumber(value);
}

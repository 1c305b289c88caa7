import { isPossiblePhoneNumber } from 'libphonenumber-js';

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * E.164 with a length possible for its country. Not `isValidPhoneNumber`: its range metadata lags new
 * number allocations (a real client could be locked out of registration), and it refuses the fictional
 * 555-01xx numbers used in training and demos. The format is what the SMS provider needs.
 */
export function isE164Phone(value: string): boolean {
  return E164.test(value) && isPossiblePhoneNumber(value);
}

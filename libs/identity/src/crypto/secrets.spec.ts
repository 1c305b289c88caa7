import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { hmac, randomToken, sameDigest, sixDigitCode } from './secrets.js';

describe('secrets', () => {
  it('makes 256-bit URL-safe tokens', () => {
    const token = randomToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  it('makes six-digit codes, keeping leading zeros', () => {
    for (let i = 0; i < 200; i++) expect(sixDigitCode()).toMatch(/^\d{6}$/);
  });

  it('compares digests exactly', () => {
    const key = randomBytes(32);
    expect(sameDigest(hmac(key, 'a'), hmac(key, 'a'))).toBe(true);
    expect(sameDigest(hmac(key, 'a'), hmac(key, 'b'))).toBe(false);
    expect(sameDigest(hmac(key, 'a'), '')).toBe(false);
  });
});

import { describe, expect, it } from '@jest/globals';
import { Secret, TOTP } from 'otpauth';
import { matchingStep, newAuthenticator } from './totp.js';

describe('TOTP', () => {
  const at = new Date('2026-03-08T08:00:10Z');
  const codeAt = (secret: string, instant: Date) =>
    new TOTP({ secret: Secret.fromBase32(secret), period: 30, digits: 6 }).generate({
      timestamp: instant.getTime(),
    });

  it('makes a 160-bit seed and a provisioning URI that names only Attune', () => {
    const { secret, uri } = newAuthenticator('dana@clinic.example');
    expect(Secret.fromBase32(secret).bytes).toHaveLength(20);
    expect(uri).toMatch(/^otpauth:\/\/totp\/Attune:dana%40clinic\.example\?/);
    expect(uri).toContain('issuer=Attune');
  });

  it('answers the step of a code from now or one period either side', () => {
    const { secret } = newAuthenticator('x');
    const step = Math.floor(at.getTime() / 30_000);
    expect(matchingStep(secret, codeAt(secret, at), at)).toBe(step);
    expect(matchingStep(secret, codeAt(secret, new Date(at.getTime() - 30_000)), at)).toBe(step - 1);
    expect(matchingStep(secret, codeAt(secret, new Date(at.getTime() + 30_000)), at)).toBe(step + 1);
  });

  it('refuses codes two periods away, of another seed, or not six digits', () => {
    const { secret } = newAuthenticator('x');
    expect(matchingStep(secret, codeAt(secret, new Date(at.getTime() - 90_000)), at)).toBeNull();
    expect(matchingStep(secret, codeAt(newAuthenticator('y').secret, at), at)).toBeNull();
    expect(matchingStep(secret, '12345', at)).toBeNull();
    expect(matchingStep(secret, 'abcdef', at)).toBeNull();
  });
});

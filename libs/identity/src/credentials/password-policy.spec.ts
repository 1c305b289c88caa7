import { describe, expect, it } from '@jest/globals';
import { passwordWeakness } from './password-policy.js';

describe('passwordWeakness', () => {
  const email = 'dana.reyes@clinic.example';

  it('accepts a long password mixing kinds of characters', () => {
    expect(passwordWeakness('correct horse battery 42', email)).toBeNull();
    expect(passwordWeakness('Blue-kettle-morning', email)).toBeNull();
  });

  it('refuses anything shorter than 12 characters', () => {
    expect(passwordWeakness('Sh0rt!pass', email)).toMatch(/at least 12/);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(passwordWeakness('ñandú-ñandú', null)).toMatch(/at least 12/);
  });

  it('refuses one kind of character only', () => {
    expect(passwordWeakness('abcdefghijklmnop', email)).toMatch(/two kinds/);
    expect(passwordWeakness('839201746352', email)).toMatch(/two kinds/);
  });

  it('refuses very repetitive passwords', () => {
    expect(passwordWeakness('aaaaaaaaaaaa1', email)).toMatch(/too few different/);
  });

  it("refuses the person's email name, in any case", () => {
    expect(passwordWeakness('My-DANA.REYES-2026', email)).toMatch(/email name/);
  });

  it('ignores very short email names (they would match by chance)', () => {
    expect(passwordWeakness('Blue-kettle-morning', 'bl@clinic.example')).toBeNull();
  });

  it('refuses famous passwords and their padded or swapped variants', () => {
    expect(passwordWeakness('password1234', email)).toMatch(/too common/);
    expect(passwordWeakness('P@ssw0rd2024!', email)).toMatch(/too common/);
    expect(passwordWeakness('Qwerty123456', email)).toMatch(/too common/);
    expect(passwordWeakness('!!Welcome2026', email)).toMatch(/too common/);
  });

  it('never repeats the password in its reason', () => {
    const reason = passwordWeakness('password1234', email) ?? '';
    expect(reason).not.toContain('password1234');
  });
});

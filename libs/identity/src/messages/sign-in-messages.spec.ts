import { describe, expect, it } from '@jest/globals';
import { describeDuration, invitationEmail, passwordResetEmail, signInCodeText } from './sign-in-messages.js';

const TELLING =
  /addict|recover|treat|therap|clinic|counsel|substance|alcohol|drug|relapse|sobri|rehab|health|care team|patient/i;

describe('sign-in messages', () => {
  it('says the code and its lifetime, nothing else', () => {
    expect(signInCodeText('042137', 600)).toBe('Your Attune code is 042137. It expires in 10 minutes.');
  });

  it('never hints at treatment', () => {
    const texts = [
      signInCodeText('123456', 600),
      ...Object.values(passwordResetEmail('https://attune.example/reset-password?token=x', 3600)),
      ...Object.values(invitationEmail('https://attune.example/accept-invitation?token=x', 7 * 86_400)),
    ];
    for (const text of texts) expect(text).not.toMatch(TELLING);
  });

  it('puts the link and its lifetime in the emails', () => {
    expect(passwordResetEmail('https://a.example/r?token=t', 3600).body).toContain(
      'within 1 hour:\n\nhttps://a.example/r?token=t',
    );
    expect(invitationEmail('https://a.example/i?token=t', 604_800).body).toContain('within 7 days');
  });

  it('describes durations in the largest sensible unit', () => {
    expect(describeDuration(1)).toBe('1 second');
    expect(describeDuration(45)).toBe('45 seconds');
    expect(describeDuration(60)).toBe('1 minute');
    expect(describeDuration(90)).toBe('90 seconds');
    expect(describeDuration(600)).toBe('10 minutes');
    expect(describeDuration(3600)).toBe('1 hour');
    expect(describeDuration(5400)).toBe('90 minutes');
    expect(describeDuration(7200)).toBe('2 hours');
    expect(describeDuration(86_400)).toBe('1 day');
    expect(describeDuration(2_592_000)).toBe('30 days');
  });
});

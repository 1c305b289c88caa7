import { describe, expect, it } from '@jest/globals';
import { mfaStep } from './mfa-step.js';

describe('mfaStep', () => {
  const enabled = new Date('2026-01-01T00:00:00Z');

  it('asks staff with an authenticator for a code, whatever the organisation says', () => {
    expect(mfaStep({ role: 'clinician', totpEnabledAt: enabled, organizationRequiresMfa: false })).toBe(
      'verify',
    );
    expect(mfaStep({ role: 'admin', totpEnabledAt: enabled, organizationRequiresMfa: true })).toBe('verify');
  });

  it('makes staff enrol when their organisation requires MFA and they have none', () => {
    expect(mfaStep({ role: 'peer_coach', totpEnabledAt: null, organizationRequiresMfa: true })).toBe('enrol');
  });

  it('lets staff without MFA in when the organisation does not require it', () => {
    expect(mfaStep({ role: 'case_manager', totpEnabledAt: null, organizationRequiresMfa: false })).toBe(
      'none',
    );
  });

  it('never asks clients', () => {
    expect(mfaStep({ role: 'client', totpEnabledAt: null, organizationRequiresMfa: true })).toBe('none');
    expect(mfaStep({ role: 'client', totpEnabledAt: enabled, organizationRequiresMfa: true })).toBe('none');
  });
});

import { describe, expect, it } from '@jest/globals';
import { checkConsentElements, type NewConsent } from './consent-elements.js';
import { renderConsent } from './consent-template.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const complete = (): NewConsent => ({
  scopes: ['plan:coping'],
  recipient: { kind: 'supporter', name: 'Maria', phone: '+15551234567' },
  purpose: 'Support',
  expiresAt: new Date('2026-06-01T00:00:00Z'),
  signature: { signedName: 'Jordan', method: 'wet_ink', signedAt: NOW },
});

describe('consent elements (42 CFR 2.31)', () => {
  it('names the element that is wrong', () => {
    const refused = (change: Partial<NewConsent>) => {
      try {
        checkConsentElements({ ...complete(), ...change }, NOW);
        return null;
      } catch (e) {
        return (e as { errors?: { field: string }[] }).errors?.[0].field;
      }
    };
    expect(refused({})).toBeNull();
    expect(refused({ purpose: '  ' })).toBe('purpose');
    expect(refused({ expiresAt: new Date('2026-02-01T00:00:00Z') })).toBe('expiresAt');
    expect(refused({ expiresAt: null, expiryEvent: 'end_of_treatment' })).toBeNull();
    expect(refused({ scopes: ['plan:coping', 'counselling-notes'] })).toBe('scopes');
    expect(refused({ kind: 'counselling_notes', scopes: ['counselling-notes'] })).toBeNull();
    expect(refused({ recipient: { kind: 'supporter', name: 'Maria', phone: '555' } })).toBe('recipient.phone');
    expect(refused({ kind: 'tpo' })).toBe('refusalConsequences');
  });

  it('renders every element into the text the client signs', () => {
    const text = renderConsent({ clientName: 'Jordan', programme: 'Riverbend' }, checkConsentElements(complete(), NOW));
    for (const part of ['Patient: Jordan', 'Who may disclose: Riverbend', 'coping steps', 'To whom: Maria', 'Purpose: Support', 'revoke', '2026-06-01', 'signature on paper']) {
      expect(text).toContain(part);
    }
  });
});

import { describe, expect, it } from '@jest/globals';
import { EMPTY_PLAN } from './plan-content.js';
import { planText, smsSegments } from './plan-text.js';

describe('smsSegments', () => {
  it('counts GSM-7 as 160 in one segment and 153 per segment when split', () => {
    expect(smsSegments('a'.repeat(160))).toBe(1);
    expect(smsSegments('a'.repeat(161))).toBe(2);
    expect(smsSegments('a'.repeat(306))).toBe(2);
    expect(smsSegments('a'.repeat(307))).toBe(3);
  });
  it('counts extension characters twice and anything outside GSM-7 as UCS-2 (70, then 67)', () => {
    expect(smsSegments('€'.repeat(80))).toBe(1);
    expect(smsSegments('€'.repeat(81))).toBe(2);
    expect(smsSegments('ł'.repeat(70))).toBe(1);
    expect(smsSegments('ł'.repeat(71))).toBe(2);
  });
});

describe('planText', () => {
  it('leaves out people not in the projection and items that do not fit, whole', () => {
    const plan = {
      ...EMPTY_PLAN,
      peopleToCall: ['p1', 'gone'],
      copingStrategies: Array.from({ length: 40 }, (_, i) => `Step ${i} ${'x'.repeat(20)}`),
    };
    const { text, segments } = planText(plan, [{ id: 'p1', firstName: 'Rosa', phone: null }]);
    expect(text.startsWith('My plan. Call: Rosa. Cope: Step 0 ')).toBe(true);
    expect(segments).toBe(3);
    expect(text.endsWith('(More in the app.)')).toBe(true);
    expect(text).not.toContain('gone');
  });
});

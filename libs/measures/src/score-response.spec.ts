import { describe, expect, it } from '@jest/globals';
import { INSTRUMENTS } from './instruments/index.js';
import type { Answers } from './instruments/instrument.js';
import { scoreResponse } from './score-response.js';

/** Every item of an instrument answered `value` (numbered items only). */
const all = (count: number, value: number, extra: Record<string, number> = {}) => ({
  ...Object.fromEntries(Array.from({ length: count }, (_, i) => [String(i + 1), value])),
  ...extra,
});
const scores = (code: string, answers: Record<string, unknown>) => {
  const result = scoreResponse(code, answers);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.scores;
};

describe('ECR-R (hand-computed)', () => {
  it('scores all 1s and all 7s', () => {
    // anxiety: 16 plain items at 1 and reversed 9, 11 at 8−1 = 7 → 30/18; avoidance: 12 reversed at 7, 6 plain at 1 → 90/18
    expect(scores('ECR-R', all(36, 1))).toEqual({ anxiety: 1.67, avoidance: 5 });
    expect(scores('ECR-R', all(36, 7))).toEqual({ anxiety: 6.33, avoidance: 3 });
  });

  it.each([9, 11, 20, 22, 26, 27, 28, 29, 30, 31, 33, 34, 35, 36])('reverses item %i', (item) => {
    const scale = item <= 18 ? 'anxiety' : 'avoidance';
    expect(scores('ECR-R', all(36, 4, { [item]: 7 }))[scale]).toBe(Math.round((4 - 3 / 18) * 100) / 100);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 13, 14, 15, 16, 17, 18, 19, 21, 23, 24, 25, 32])('scores item %i as answered', (item) => {
    const scale = item <= 18 ? 'anxiety' : 'avoidance';
    expect(scores('ECR-R', all(36, 4, { [item]: 7 }))[scale]).toBe(Math.round((4 + 3 / 18) * 100) / 100);
  });
});

describe('RFQ-8 (hand-computed)', () => {
  it.each([
    // value for every item → rfq_c (items 1–6: 1→3, 2→2, 3→1, 4–7→0), rfq_u (2,4,5,6,8: 5→1, 6→2, 7→3; item 7 as rfq_c) over six
    [1, 3, 0.5],
    [2, 2, 0.33],
    [3, 1, 0.17],
    [4, 0, 0],
    [5, 0, 0.83],
    [6, 0, 1.67],
    [7, 0, 2.5],
  ])('every item at %i → rfq_c %f, rfq_u %f', (value, rfqC, rfqU) => {
    expect(scores('RFQ-8', all(8, value))).toEqual({ rfq_c: rfqC, rfq_u: rfqU });
  });

  it('uses the right items for each scale', () => {
    const answers = { 1: 1, 2: 7, 3: 2, 4: 5, 5: 6, 6: 3, 7: 1, 8: 7 };
    // rfq_c: 3 + 0 + 2 + 0 + 0 + 1 = 6 / 6; rfq_u: 3 + 1 + 2 + 0 + 3 (items 2,4,5,6,8) + 3 (item 7) = 12 / 6
    expect(scores('RFQ-8', answers)).toEqual({ rfq_c: 1, rfq_u: 2 });
  });
});

describe('SPS (hand-computed)', () => {
  it('scores a mixed vector', () => {
    const answers = Object.fromEntries(Array.from({ length: 24 }, (_, i) => [String(i + 1), (i % 4) + 1]));
    expect(scores('SPS', answers)).toEqual({
      attachment: 11,
      social_integration: 11,
      reassurance_of_worth: 12,
      reliable_alliance: 10,
      guidance: 12,
      opportunity_for_nurturance: 10,
      total: 66,
    });
  });

  const SUBSCALE_OF: Record<number, string> = {};
  for (const [name, items] of Object.entries({
    attachment: [2, 11, 17, 21], social_integration: [5, 8, 14, 22], reassurance_of_worth: [6, 9, 13, 20],
    reliable_alliance: [1, 10, 18, 23], guidance: [3, 12, 16, 19], opportunity_for_nurturance: [4, 7, 15, 24],
  })) for (const item of items) SUBSCALE_OF[item] = name;
  const STARRED = new Set([2, 21, 14, 22, 6, 9, 10, 18, 3, 19, 15, 24]);

  it.each(Array.from({ length: 24 }, (_, i) => i + 1))('item %i counts in its provision, reversed when starred', (item) => {
    // All at 2: plain items score 2, starred 3, so every provision is 10 and the total 60. Moving one item to 4
    // adds 2 when plain, takes 2 away when starred (5 − 4 = 1).
    const delta = STARRED.has(item) ? -2 : 2;
    const result = scores('SPS', all(24, 2, { [item]: 4 }));
    expect(result[SUBSCALE_OF[item]]).toBe(10 + delta);
    expect(result.total).toBe(60 + delta);
  });
});

describe('PHQ-9 and GAD-7 severity boundaries', () => {
  const withTotal = (count: number, total: number) => {
    const answers: Record<string, number> = all(count, 0);
    for (let i = 1, left = total; left > 0; i++) {
      answers[String(i)] = Math.min(3, left);
      left -= answers[String(i)];
    }
    return answers;
  };
  it.each([
    [0, 'minimal'], [4, 'minimal'], [5, 'mild'], [9, 'mild'], [10, 'moderate'], [14, 'moderate'],
    [15, 'moderately_severe'], [19, 'moderately_severe'], [20, 'severe'], [27, 'severe'],
  ])('PHQ-9 total %i is %s', (total, severity) => {
    expect(scores('PHQ-9', withTotal(9, total))).toEqual({ total, severity });
  });
  it.each([
    [0, 'minimal'], [4, 'minimal'], [5, 'mild'], [9, 'mild'], [10, 'moderate'], [14, 'moderate'], [15, 'severe'], [21, 'severe'],
  ])('GAD-7 total %i is %s', (total, severity) => {
    expect(scores('GAD-7', withTotal(7, total))).toEqual({ total, severity });
  });
});

describe('BAM (hand-computed)', () => {
  const bam = (overrides: Record<string, number> = {}, drugs = true): Answers => {
    const answers: Record<string, number> = {};
    for (const n of [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]) answers[String(n)] = n % 5;
    if (drugs) for (const letter of 'ABCDEFG') answers[`7${letter}`] = 2;
    return { ...answers, ...overrides };
  };

  it('scores use, risk and protective; 7A–7G and 17 are recorded, not scored', () => {
    // use 4+5+6 = 4+0+1; risk 1+2+3+8+11+15 = 1+2+3+3+1+0; protective 9+10+12+13+14+16 = 4+0+2+3+4+1
    expect(scores('BAM', bam())).toEqual({ use: 5, risk: 10, protective: 14 });
    expect(scores('BAM', bam({ 17: 4, '7A': 4 }))).toEqual({ use: 5, risk: 10, protective: 14 });
  });

  it('skips 7A–7G when item 6 is 0, and refuses them then', () => {
    expect(scores('BAM', bam({ 6: 0 }, false))).toEqual({ use: 4, risk: 10, protective: 14 });
    const refused = scoreResponse('BAM', bam({ 6: 0 }));
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.errors.map((e) => e.field)).toContain('answers.7A');
  });

  it('asks 7A–7G when item 6 is above 0', () => {
    const result = scoreResponse('BAM', bam({}, false));
    expect(!result.ok && result.errors.map((e) => e.field)).toEqual(['answers.7A', 'answers.7B', 'answers.7C', 'answers.7D', 'answers.7E', 'answers.7F', 'answers.7G']);
  });
});

describe('refusals name the items', () => {
  it('refuses out-of-range, missing, unknown and non-integer answers', () => {
    const result = scoreResponse('ECR-R', { ...all(36, 4, { 3: 0, 5: 8, 7: 2.5 }), 37: 4, 12: undefined });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      { field: 'answers.37', message: 'is not an item of this instrument' },
      { field: 'answers.3', message: 'must be a whole number from 1 to 7' },
      { field: 'answers.5', message: 'must be a whole number from 1 to 7' },
      { field: 'answers.7', message: 'must be a whole number from 1 to 7' },
      { field: 'answers.12', message: 'is missing' },
    ]);
  });

  it('refuses an unknown instrument', () => {
    expect(scoreResponse('BDI', {})).toEqual({ ok: false, errors: [{ field: 'instrument', message: 'must be one of ECR-R, RFQ-8, SPS, PHQ-9, GAD-7, BAM' }] });
  });

  it('lists every instrument with its items numbered from 1', () => {
    expect(Object.keys(INSTRUMENTS)).toEqual(['ECR-R', 'RFQ-8', 'SPS', 'PHQ-9', 'GAD-7', 'BAM']);
    expect(INSTRUMENTS['ECR-R'].items[0]).toEqual({ key: '1', min: 1, max: 7 });
    expect(INSTRUMENTS.BAM.items.map((i) => i.key)).toContain('7G');
  });
});

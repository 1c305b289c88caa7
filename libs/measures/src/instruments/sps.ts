import { answer, numberedItems, range, sum, type Instrument } from './instrument.js';

/** Starred (negatively worded) items, scored 5 − x. */
const REVERSED = new Set([2, 21, 14, 22, 6, 9, 10, 18, 3, 19, 15, 24]);

const SUBSCALES: Record<string, number[]> = {
  attachment: [2, 11, 17, 21],
  social_integration: [5, 8, 14, 22],
  reassurance_of_worth: [6, 9, 13, 20],
  reliable_alliance: [1, 10, 18, 23],
  guidance: [3, 12, 16, 19],
  opportunity_for_nurturance: [4, 7, 15, 24],
};

/** Social Provisions Scale (Cutrona & Russell), 24 items 1–4: six provisions of four items each. */
export const SPS: Instrument = {
  code: 'SPS',
  name: 'Social Provisions Scale',
  licence: 'Cutrona & Russell (1987). Free for research and clinical use with citation.',
  interpretation: 'each provision 4–16, total 24–96; rising scores mean social provisions increase',
  items: numberedItems(24, 1, 4),
  score(answers) {
    const scored = (item: number) => (REVERSED.has(item) ? 5 - answer(answers, item) : answer(answers, item));
    const scores: Record<string, number> = {};
    for (const [name, items] of Object.entries(SUBSCALES)) scores[name] = sum(items.map(scored));
    scores.total = sum(range(1, 24).map(scored));
    return scores;
  },
};

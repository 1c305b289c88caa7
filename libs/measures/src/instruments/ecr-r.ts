import { answer, mean, numberedItems, range, round2, type Instrument } from './instrument.js';

/** Items scored in reverse (8 − x): Fraley, Waller & Brennan's published key. */
const REVERSED = new Set([9, 11, 20, 22, 26, 27, 28, 29, 30, 31, 33, 34, 35, 36]);

/** Experiences in Close Relationships – Revised: attachment anxiety and avoidance, 36 items 1–7. */
export const ECR_R: Instrument = {
  code: 'ECR-R',
  name: 'Experiences in Close Relationships – Revised',
  licence: 'Fraley, Waller & Brennan (2000). Free for research and clinical use with citation; not for sale.',
  interpretation: 'anxiety and avoidance range 1–7; both falling means attachment moving toward secure',
  items: numberedItems(36, 1, 7),
  score(answers) {
    const scored = (item: number) => (REVERSED.has(item) ? 8 - answer(answers, item) : answer(answers, item));
    return {
      anxiety: round2(mean(range(1, 18).map(scored))),
      avoidance: round2(mean(range(19, 36).map(scored))),
    };
  },
};

import { answer, sum, type Instrument, type Item } from './instrument.js';

/** 7A–7G: which drugs, asked only when item 6 (days of drug use) is above 0. */
const DRUG_ITEMS = ['7A', '7B', '7C', '7D', '7E', '7F', '7G'];
const ITEMS: Item[] = [
  ...[1, 2, 3, 4, 5, 6].map((n) => String(n)),
  ...DRUG_ITEMS,
  ...[8, 9, 10, 11, 12, 13, 14, 15, 16, 17].map((n) => String(n)),
].map((key) => ({ key, min: 0, max: 4 }));

/**
 * Brief Addiction Monitor (VA), 17-item past-30-days form with categorical answers 0–4 (day counts
 * 0, 1–3, 4–8, 9–15, 16–30 → 0–4). Three scales, no total (Cacciola et al. 2013).
 */
export const BAM: Instrument = {
  code: 'BAM',
  name: 'Brief Addiction Monitor',
  licence: 'U.S. Department of Veterans Affairs; public domain.',
  interpretation: 'use and risk falling and protective rising mean recovery is taking hold',
  items: ITEMS,
  skipRule: 'Items 7A–7G (which drugs) are asked only when item 6 (days of drug use) is above 0; otherwise they are left unanswered.',
  skipped: (answers) => ((answers['6'] ?? 0) > 0 ? [] : DRUG_ITEMS),
  unscored: [...DRUG_ITEMS, '17'],
  score(answers) {
    const total = (items: number[]) => sum(items.map((i) => answer(answers, i)));
    return {
      use: total([4, 5, 6]),
      risk: total([1, 2, 3, 8, 11, 15]),
      protective: total([9, 10, 12, 13, 14, 16]),
    };
  },
};

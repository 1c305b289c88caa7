import { answer, numberedItems, range, sum, type Instrument } from './instrument.js';

export function gad7Severity(total: number): string {
  if (total <= 4) return 'minimal';
  if (total <= 9) return 'mild';
  if (total <= 14) return 'moderate';
  return 'severe';
}

/** Generalized Anxiety Disorder-7, items 0–3. */
export const GAD_7: Instrument = {
  code: 'GAD-7',
  name: 'Generalized Anxiety Disorder-7',
  licence: 'Developed by Drs Spitzer, Williams, Kroenke and colleagues with a grant from Pfizer; no permission required to reproduce, translate, display or distribute.',
  interpretation: 'total 0–21; falling means anxiety easing',
  items: numberedItems(7, 0, 3),
  score(answers) {
    const total = sum(range(1, 7).map((item) => answer(answers, item)));
    return { total, severity: gad7Severity(total) };
  },
};

import { answer, numberedItems, range, sum, type Instrument } from './instrument.js';

export function phq9Severity(total: number): string {
  if (total <= 4) return 'minimal';
  if (total <= 9) return 'mild';
  if (total <= 14) return 'moderate';
  if (total <= 19) return 'moderately_severe';
  return 'severe';
}

/** Patient Health Questionnaire-9, items 0–3. Item 9 (thoughts of self-harm) above 0 is a safety signal. */
export const PHQ_9: Instrument = {
  code: 'PHQ-9',
  name: 'Patient Health Questionnaire-9',
  licence: 'Developed by Drs Spitzer, Williams, Kroenke and colleagues with a grant from Pfizer; no permission required to reproduce, translate, display or distribute.',
  interpretation: 'total 0–27; falling means depression easing',
  items: numberedItems(9, 0, 3),
  score(answers) {
    const total = sum(range(1, 9).map((item) => answer(answers, item)));
    return { total, severity: phq9Severity(total) };
  },
};

/** True when the self-harm item calls for the safety response (crisis resources, a safety alert). */
export const phq9SafetyConcern = (answers: Readonly<Record<string, number>>) => (answers['9'] ?? 0) > 0;

import { answer, mean, numberedItems, round2, type Instrument } from './instrument.js';

/** Certainty about mental states: strong disagreement (1–3) is what counts. */
const certaintyRecode = (x: number) => (x <= 3 ? 4 - x : 0);
/** Uncertainty: agreement (5–7) counts. */
const uncertaintyRecode = (x: number) => (x >= 5 ? x - 4 : 0);

/** Reflective Functioning Questionnaire, 8 items 1–7 (Fonagy et al. 2016). */
export const RFQ_8: Instrument = {
  code: 'RFQ-8',
  name: 'Reflective Functioning Questionnaire (RFQ-8)',
  licence: 'Fonagy, Luyten, Moulton-Perkins et al. (2016). Free for non-commercial research and clinical use.',
  interpretation: 'rfq_c (certainty) and rfq_u (uncertainty) range 0–3; falling rfq_u means reflective functioning grows',
  items: numberedItems(8, 1, 7),
  score(answers) {
    const a = (item: number) => answer(answers, item);
    return {
      rfq_c: round2(mean([1, 2, 3, 4, 5, 6].map((i) => certaintyRecode(a(i))))),
      rfq_u: round2(mean([...[2, 4, 5, 6, 8].map((i) => uncertaintyRecode(a(i))), certaintyRecode(a(7))])),
    };
  },
};

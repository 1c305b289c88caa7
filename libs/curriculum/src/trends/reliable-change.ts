/**
 * Reliable change (Jacobson & Truax, 1991, J Consult Clin Psychol 59:12–19):
 *   RCI = (x2 − x1) / S_diff,  S_diff = √2 · SE,  SE = SD · √(1 − r)
 * |RCI| > 1.96 means the change is larger than measurement error would produce 95 % of the time.
 */
export const RCI_CRITICAL = 1.96;

export function reliableChangeIndex(x1: number, x2: number, sd: number, reliability: number): number {
  return (x2 - x1) / (Math.SQRT2 * sd * Math.sqrt(1 - reliability));
}

/**
 * Where a published reliable-change index exists for a score, it is kept here; every other score shows
 * plain change, marked as such. Attune does not invent SDs or reliabilities.
 *
 * PHQ-9 and GAD-7 totals: NHS England, "NHS Talking Therapies for anxiety and depression manual"
 * (formerly IAPT), which defines reliable change on these totals by the Jacobson–Truax method as a change
 * of at least 6 points (PHQ-9) and at least 4 points (GAD-7). The manual publishes the criterion in points,
 * i.e. 1.96 · S_diff, so S_diff = criterion / 1.96 and RCI = change / S_diff here; a change reaching the
 * criterion has |RCI| ≥ 1.96. Lower is better on both.
 */
export interface ReliableChangeReference {
  /** The published criterion (points): 1.96 · S_diff. */
  criterionPoints: number;
  lowerIsBetter: boolean;
  source: string;
}

export const RELIABLE_CHANGE_REFERENCES: Record<string, Record<string, ReliableChangeReference>> = {
  'PHQ-9': { total: { criterionPoints: 6, lowerIsBetter: true, source: 'NHS Talking Therapies manual: reliable change ≥ 6 points on the PHQ-9 total' } },
  'GAD-7': { total: { criterionPoints: 4, lowerIsBetter: true, source: 'NHS Talking Therapies manual: reliable change ≥ 4 points on the GAD-7 total' } },
};

export interface ReliableChange {
  method: 'jacobson-truax';
  rci: number;
  reliable: boolean;
  direction: 'improved' | 'deteriorated' | 'no reliable change';
  source: string;
}

export function reliableChange(reference: ReliableChangeReference, first: number, latest: number): ReliableChange {
  const sDiff = reference.criterionPoints / RCI_CRITICAL;
  const rci = (latest - first) / sDiff;
  const reliable = Math.abs(latest - first) >= reference.criterionPoints;
  const better = reference.lowerIsBetter ? latest < first : latest > first;
  return {
    method: 'jacobson-truax',
    rci: Math.round(rci * 100) / 100,
    reliable,
    direction: reliable ? (better ? 'improved' : 'deteriorated') : 'no reliable change',
    source: reference.source,
  };
}

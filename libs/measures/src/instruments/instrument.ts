/**
 * An outcome measure: its items (numbered as the published form numbers them), the answers each item
 * accepts, the rule that says which items the form skips, and its exact scoring.
 */
export interface Instrument {
  code: InstrumentCode;
  name: string;
  /** Who owns it and on what terms Attune may present it. */
  licence: string;
  /** What the scores mean for the model: the direction of improvement, in words staff read. */
  interpretation: string;
  items: Item[];
  /** Items the form does not ask given the other answers (e.g. BAM 7A–7G when item 6 is 0). */
  skipped?(answers: Answers): string[];
  /** The skip rule in words, for forms other tools draw. */
  skipRule?: string;
  /** Items stored but not scored. */
  unscored?: string[];
  score(answers: Answers): Scores;
}

export const INSTRUMENT_CODES = ['ECR-R', 'RFQ-8', 'SPS', 'PHQ-9', 'GAD-7', 'BAM'] as const;
export type InstrumentCode = (typeof INSTRUMENT_CODES)[number];

export interface Item {
  /** "1", "2", … and "7A" … for the BAM. */
  key: string;
  min: number;
  max: number;
}

export type Answers = Readonly<Record<string, number>>;
export type Scores = Record<string, number | string>;

/** Items numbered 1..count, all with one answer range. */
export function numberedItems(count: number, min: number, max: number): Item[] {
  return Array.from({ length: count }, (_, i) => ({ key: String(i + 1), min, max }));
}

export const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
export const mean = (values: number[]) => sum(values) / values.length;
/** Scores are reported to two decimals, as the publications report them. */
export const round2 = (value: number) => Math.round(value * 100) / 100;
export const answer = (answers: Answers, item: number | string) => answers[String(item)];
export const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

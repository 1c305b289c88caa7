import type { FieldError } from '@attune/platform';
import { INSTRUMENTS } from './instruments/index.js';
import { INSTRUMENT_CODES, type Answers, type InstrumentCode, type Scores } from './instruments/instrument.js';

export type ScoredResponse =
  | { ok: true; instrument: InstrumentCode; answers: Answers; scores: Scores }
  | { ok: false; errors: FieldError[] };

/**
 * Checks a submission against its form — every asked item answered, in range, whole numbers; no
 * unknown items; nothing answered that the form skips — and scores it. Errors name the items.
 */
export function scoreResponse(code: string, answers: Record<string, unknown>): ScoredResponse {
  if (!(INSTRUMENT_CODES as readonly string[]).includes(code)) {
    return { ok: false, errors: [{ field: 'instrument', message: `must be one of ${INSTRUMENT_CODES.join(', ')}` }] };
  }
  const instrument = INSTRUMENTS[code as InstrumentCode];
  const numeric = Object.fromEntries(Object.entries(answers).filter(([, v]) => typeof v === 'number')) as Answers;
  const skipped = new Set(instrument.skipped?.(numeric) ?? []);
  const known = new Set(instrument.items.map((i) => i.key));
  const errors: FieldError[] = [];
  for (const key of Object.keys(answers)) {
    if (!known.has(key)) errors.push({ field: `answers.${key}`, message: 'is not an item of this instrument' });
    else if (skipped.has(key)) errors.push({ field: `answers.${key}`, message: 'is not asked given the other answers' });
  }
  for (const item of instrument.items) {
    if (skipped.has(item.key)) continue;
    const value = answers[item.key];
    if (value === undefined || value === null) errors.push({ field: `answers.${item.key}`, message: 'is missing' });
    else if (typeof value !== 'number' || !Number.isInteger(value) || value < item.min || value > item.max) {
      errors.push({ field: `answers.${item.key}`, message: `must be a whole number from ${item.min} to ${item.max}` });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, instrument: instrument.code, answers: numeric, scores: instrument.score(numeric) };
}

import { describe, expect, it } from '@jest/globals';
import { Problem } from '@attune/platform';
import { isE164Phone } from '@attune/platform';
import { isCalendarDate, requireText, requireTimeZone } from './contact-rules.js';

const problemOf = (fn: () => unknown): Problem => {
  try {
    fn();
  } catch (error) {
    return error as Problem;
  }
  throw new Error('expected a Problem');
};

describe('contact rules', () => {
  it('accepts E.164 numbers, including fictional 555 ones, and refuses other shapes', () => {
    expect(isE164Phone('+15555550123')).toBe(true);
    expect(isE164Phone('+447700900123')).toBe(true);
    for (const bad of ['5555550123', '+1 555 555 0123', '+1555', '+155555501234567', '+05555550123', '+1555555012x']) {
      expect(isE164Phone(bad)).toBe(false);
    }
  });

  it('accepts real calendar days only', () => {
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate('2028-02-29')).toBe(true);
    for (const bad of ['2026-02-30', '2026-13-01', '26-01-01', '2026-1-1', '2026-01-01T00:00:00Z']) expect(isCalendarDate(bad)).toBe(false);
  });

  it('names the field when a rule fails', () => {
    expect(() => requireTimeZone('timeZone', 'Mars/Olympus')).toThrow(Problem);
    const problem = problemOf(() => requireTimeZone('timeZone', 'EST'));
    expect(problem.errors).toEqual([{ field: 'timeZone', message: expect.any(String) }]);
    expect(problem.getStatus()).toBe(422);
    expect(() => requireText('preferredName', '   ', 10)).toThrow('preferredName: must not be blank');
    expect(requireText('preferredName', '  Sam ', 10)).toBe('Sam');
  });
});

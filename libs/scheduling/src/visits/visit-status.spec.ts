import { describe, expect, it } from '@jest/globals';
import { isOpen, refuseTransition } from './visit-status.js';

const start = new Date('2026-03-10T15:00:00Z');
const before = new Date('2026-03-10T14:00:00Z');
const after = new Date('2026-03-10T16:00:00Z');

describe('visit status machine', () => {
  it('walks the happy path', () => {
    expect(refuseTransition('scheduled', 'confirmed', { startsAt: start }, before)).toBeNull();
    expect(refuseTransition('confirmed', 'in_progress', { startsAt: start }, start)).toBeNull();
    expect(refuseTransition('in_progress', 'completed', { startsAt: start }, after)).toBeNull();
  });
  it('allows late documentation (scheduled → completed) only after the start', () => {
    expect(refuseTransition('scheduled', 'completed', { startsAt: start }, after)).toBeNull();
    expect(refuseTransition('scheduled', 'completed', { startsAt: start }, before)).not.toBeNull();
    expect(refuseTransition('confirmed', 'no_show', { startsAt: start }, before)).not.toBeNull();
  });
  it('treats completed, cancelled and no_show as final', () => {
    for (const from of ['completed', 'cancelled', 'no_show'] as const) {
      expect(refuseTransition(from, 'scheduled', { startsAt: start }, after)).not.toBeNull();
      expect(isOpen(from)).toBe(false);
    }
    expect(refuseTransition('in_progress', 'cancelled', { startsAt: start }, after)).not.toBeNull();
  });
});

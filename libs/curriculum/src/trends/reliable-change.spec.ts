import { describe, expect, it } from '@jest/globals';
import { reliableChange, reliableChangeIndex, RELIABLE_CHANGE_REFERENCES } from './reliable-change.js';
import { trends } from './measure-trends.js';

describe('reliable change (Jacobson & Truax)', () => {
  it('computes RCI = (x2 − x1) / (√2 · SD · √(1 − r)) by hand', () => {
    // SD 5, r 0.84: SE = 5 · 0.4 = 2; S_diff = 2√2 = 2.8284; (10 − 20) / 2.8284 = −3.5355
    expect(reliableChangeIndex(20, 10, 5, 0.84)).toBeCloseTo(-3.5355, 4);
    // SD 4, r 0.75: SE = 2; S_diff = 2.8284; (13 − 10) / 2.8284 = 1.0607
    expect(reliableChangeIndex(10, 13, 4, 0.75)).toBeCloseTo(1.0607, 4);
  });

  it('uses the published PHQ-9 (6 points) and GAD-7 (4 points) criteria at their boundaries', () => {
    const phq = RELIABLE_CHANGE_REFERENCES['PHQ-9'].total;
    expect(reliableChange(phq, 15, 9)).toMatchObject({ rci: -1.96, reliable: true, direction: 'improved' }); // exactly 6
    expect(reliableChange(phq, 15, 10)).toMatchObject({ rci: -1.63, reliable: false, direction: 'no reliable change' }); // 5
    expect(reliableChange(phq, 4, 12)).toMatchObject({ rci: 2.61, reliable: true, direction: 'deteriorated' });
    const gad = RELIABLE_CHANGE_REFERENCES['GAD-7'].total;
    expect(reliableChange(gad, 12, 8)).toMatchObject({ rci: -1.96, reliable: true, direction: 'improved' });
    expect(reliableChange(gad, 12, 9)).toMatchObject({ reliable: false });
  });

  it('marks plain change where no index is published, and skips labels', () => {
    const rows = [
      { scores: { total: 40, attachment: 8 }, submitted_at: new Date('2026-01-05T10:00:00Z') },
      { scores: { total: 52, attachment: 12 }, submitted_at: new Date('2026-04-05T10:00:00Z') },
    ];
    const sps = trends('SPS', rows);
    expect(sps.total).toMatchObject({ intake: 40, latest: 52, change: 12, reliableChange: null, changeKind: 'plain change' });
    const phq = trends('PHQ-9', [
      { scores: { total: 20, severity: 'severe' }, submitted_at: new Date('2026-01-05T10:00:00Z') },
      { scores: { total: 12, severity: 'moderate' }, submitted_at: new Date('2026-04-05T10:00:00Z') },
    ]);
    expect(Object.keys(phq)).toEqual(['total']);
    expect(phq.total.reliableChange).toMatchObject({ reliable: true, direction: 'improved', rci: -2.61 });
  });
});

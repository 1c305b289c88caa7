import { describe, expect, it } from '@jest/globals';
import { weeklyMetrics, type WeekWindow } from './weekly-metrics.js';

const week: WeekWindow = {
  week: '2026-W10',
  firstDate: '2026-03-02',
  lastDate: '2026-03-08',
  startsAt: new Date('2026-03-02T06:00:00Z'),
  endsAt: new Date('2026-03-09T05:00:00Z'),
};

describe('weeklyMetrics', () => {
  it('takes the label in force at each contact, and the first label for a person put on the map afterwards', () => {
    const changes = [
      {
        personId: 'a',
        label: 'neutral' as const,
        removed: false,
        changedAt: new Date('2026-03-01T00:00:00Z'),
      },
      {
        personId: 'a',
        label: 'supportive' as const,
        removed: false,
        changedAt: new Date('2026-03-04T12:00:00Z'),
      },
      {
        personId: 'late',
        label: 'supportive' as const,
        removed: false,
        changedAt: new Date('2026-03-20T00:00:00Z'),
      },
    ];
    const contacts = [
      { personId: 'a', at: new Date('2026-03-04T11:59:59Z'), helped: true },
      { personId: 'a', at: new Date('2026-03-04T12:00:00Z'), helped: null },
      { personId: 'late', at: new Date('2026-03-05T12:00:00Z'), helped: false },
      { personId: 'a', at: new Date('2026-03-09T05:00:00Z'), helped: true }, // the next week
    ];
    expect(weeklyMetrics([week], changes, contacts)).toEqual([
      {
        week: '2026-W10',
        firstDate: '2026-03-02',
        lastDate: '2026-03-08',
        supportivePeople: 1,
        contacts: 3,
        supportiveContacts: 2,
        supportiveShare: 0.6667,
        helpedContacts: 1,
      },
    ]);
  });
});

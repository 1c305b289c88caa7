import { describe, expect, it } from '@jest/globals';
import DEFAULT_TEMPLATE from './default-template.json' with { type: 'json' };
import { validateTemplateDocument } from './template-document.js';

const minimal = () => ({
  name: 'Short course',
  phases: [{ key: 'only', title: 'Only', fromWeek: 1, toWeek: 2 }],
  modules: [
    { week: 2, title: 'Two', goals: ['g'], activities: [{ key: 'b', kind: 'meeting', title: 'Attend', instructions: 'Join one meeting' }], teamGuide: { leadRole: 'peer_coach' } },
    { week: 1, title: 'One', goals: ['g'], activities: [{ key: 'a', kind: 'reading', title: 'Read', instructions: 'Read it' }], teamGuide: { leadRole: 'clinician', notes: 'n' } },
  ],
});

describe('template documents', () => {
  it('accepts the shipped default and sorts modules by week', () => {
    expect(validateTemplateDocument(DEFAULT_TEMPLATE).ok).toBe(true);
    const result = validateTemplateDocument(minimal());
    expect(result.ok && result.document.modules.map((m) => m.week)).toEqual([1, 2]);
  });

  it('names the path of every bad field', () => {
    const doc = minimal() as Record<string, unknown> & ReturnType<typeof minimal>;
    (doc.modules[0] as Record<string, unknown>).week = 1; // duplicate of the other module
    (doc.modules[1].activities[0] as Record<string, unknown>).kind = 'dance';
    (doc.modules[1].activities[0] as Record<string, unknown>).key = 'b'; // used twice
    const result = validateTemplateDocument(doc);
    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual(['modules[1].week', 'modules[1].activities[0].key', 'modules[1].activities[0].kind']);
    const lateWeek = minimal();
    (lateWeek.phases[0] as Record<string, unknown>).toWeek = 60;
    const late = validateTemplateDocument(lateWeek);
    expect(late.ok ? [] : late.errors[0]).toEqual({ field: 'phases[0].toWeek', message: 'must be a whole week from 1 to 52' });
    expect(validateTemplateDocument([]).ok).toBe(false);
    const noModules = validateTemplateDocument({ ...minimal(), modules: [] });
    expect(noModules.ok ? [] : noModules.errors).toEqual([{ field: 'modules', message: 'must have at least 1 item' }]);
  });
});

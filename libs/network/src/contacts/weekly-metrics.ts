import type { SocialLabel } from '../social-map/social-person.js';

/** One change of a person's label or presence on the map (from `social_person_change`). */
export interface LabelChange {
  personId: string;
  label: SocialLabel;
  removed: boolean;
  changedAt: Date;
}

export interface ContactFact {
  personId: string;
  at: Date;
  helped: boolean | null;
}

export interface WeekWindow {
  week: string;
  firstDate: string;
  lastDate: string;
  startsAt: Date;
  endsAt: Date;
}

export interface WeeklyMetrics {
  /** ISO week in the client's zone, e.g. "2026-W10". */
  week: string;
  firstDate: string;
  lastDate: string;
  /** People on the map labelled supportive as the week ends (the client's local Sunday midnight). */
  supportivePeople: number;
  contacts: number;
  /** Contacts with someone labelled supportive at the moment of the contact. */
  supportiveContacts: number;
  /** supportiveContacts / contacts, rounded to 4 places; null in a week without contacts. */
  supportiveShare: number | null;
  /** Contacts the client said helped. */
  helpedContacts: number;
}

/**
 * The weekly figures, computed from the map's change history and the contact log. A person's label at an
 * instant is the one their latest change at or before it set; a contact dated before the person was put
 * on the map (the map drawn after the fact) takes the label the person was first given.
 */
export function weeklyMetrics(
  weeks: WeekWindow[],
  changes: LabelChange[],
  contacts: ContactFact[],
): WeeklyMetrics[] {
  const byPerson = new Map<string, LabelChange[]>();
  for (const change of [...changes].sort((a, b) => a.changedAt.getTime() - b.changedAt.getTime())) {
    byPerson.set(change.personId, [...(byPerson.get(change.personId) ?? []), change]);
  }
  const stateAt = (personId: string, instant: Date, inclusive: boolean): LabelChange | undefined => {
    const history = byPerson.get(personId) ?? [];
    const before = history.filter((c) =>
      inclusive ? c.changedAt.getTime() <= instant.getTime() : c.changedAt.getTime() < instant.getTime(),
    );
    return before.at(-1);
  };
  return weeks.map((w) => {
    let supportivePeople = 0;
    for (const personId of byPerson.keys()) {
      const state = stateAt(personId, w.endsAt, false);
      if (state && !state.removed && state.label === 'supportive') supportivePeople++;
    }
    const inWeek = contacts.filter(
      (c) => c.at.getTime() >= w.startsAt.getTime() && c.at.getTime() < w.endsAt.getTime(),
    );
    const supportiveContacts = inWeek.filter(
      (c) => (stateAt(c.personId, c.at, true) ?? byPerson.get(c.personId)?.[0])?.label === 'supportive',
    ).length;
    return {
      week: w.week,
      firstDate: w.firstDate,
      lastDate: w.lastDate,
      supportivePeople,
      contacts: inWeek.length,
      supportiveContacts,
      supportiveShare:
        inWeek.length === 0 ? null : Math.round((supportiveContacts / inWeek.length) * 10_000) / 10_000,
      helpedContacts: inWeek.filter((c) => c.helped === true).length,
    };
  });
}

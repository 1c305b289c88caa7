import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { VisitKind, VisitStatus } from '../visits/visit.js';

/** What a calendar entry is made from. */
export interface CalendarVisit {
  id: string;
  kind: VisitKind;
  status: VisitStatus;
  startsAt: Date;
  endsAt: Date;
  version: number;
  address: string | null;
  /** This person's join link, if any. */
  joinUrl: string | null;
}

/**
 * An iCalendar document for visits, made by ical-generator. Titles say only "Attune session" (a lock
 * screen shows them); the client's home address appears only when the organisation opts in. Times are
 * UTC instants, so no VTIMEZONE is needed and every calendar shows them right in its own zone.
 */
export function visitsCalendar(visits: CalendarVisit[], options: { includeLocations: boolean; method?: 'publish' | 'request' | 'cancel' }): string {
  const calendar = ical({ name: 'Attune', prodId: { company: 'Attune', product: 'Attune', language: 'EN' } });
  if (options.method === 'request') calendar.method(ICalCalendarMethod.REQUEST);
  if (options.method === 'cancel') calendar.method(ICalCalendarMethod.CANCEL);
  for (const v of visits) {
    calendar.createEvent({
      id: `${v.id}@attune`,
      sequence: v.version,
      start: v.startsAt,
      end: v.endsAt,
      stamp: v.startsAt,
      summary: 'Attune session',
      description: v.joinUrl ? `Join: ${v.joinUrl}` : null,
      url: v.joinUrl,
      location: options.includeLocations && v.kind === 'in_home' && v.address ? v.address : null,
      status: v.status === 'cancelled' || options.method === 'cancel' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}

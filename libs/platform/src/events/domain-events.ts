import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * Every domain event and its payload (ids and instants only, never client data). Contexts publish and
 * subscribe through DomainEvents, so scheduling need not know reminders exist.
 */
export interface DomainEventMap {
  'visit.scheduled': VisitEvent;
  /** A whole new series in one event (its occurrences are not also published one by one as visit.scheduled). */
  'visit.series_scheduled': VisitSeriesEvent;
  'visit.rescheduled': VisitEvent & { previousStartsAt: string };
  'visit.cancelled': VisitEvent;
  'visit.completed': VisitEvent;
  /** A client's IANA zone changed: what is planned at a local time (prompts, medication) moves with it. */
  'client.time_zone_changed': ClientTimeZoneChangedEvent;
  /** A client moved along intake → active → aftercare → discharged: what depends on it (the discharge measures) follows. */
  'client.status_changed': ClientStatusChangedEvent;
  /** A response to an outcome measure was stored: a due administration it satisfies is completed, its safety flags raise alerts. */
  'measure.submitted': MeasureSubmittedEvent;
  /** A 42 CFR Part 2 consent was revoked in writing: whatever relied on it (a supporter, a referral) stops. */
  'consent.revoked': ConsentRevokedEvent;
}

/** Ids, the instrument's code, its safety flags and the instant only: never answers or scores. */
export interface MeasureSubmittedEvent {
  organizationId: string;
  clientId: string;
  responseId: string;
  instrument: string;
  /** Safety flags the answers raised, e.g. `phq9_item9` (a PHQ-9 item-9 answer above 0). */
  flags: string[];
  /** ISO instant (UTC). */
  submittedAt: string;
}

/** Ids and an instant only. */
export interface ConsentRevokedEvent {
  organizationId: string;
  clientId: string;
  consentId: string;
  /** The supporter account the consent named, if any. */
  supporterUserId: string | null;
  /** ISO instant. */
  revokedAt: string;
}

/** Ids and statuses only. */
export interface ClientStatusChangedEvent {
  organizationId: string;
  clientId: string;
  previousStatus: string;
  status: string;
}

/** Ids and zone names only. */
export interface ClientTimeZoneChangedEvent {
  organizationId: string;
  clientId: string;
  /** The client's user account. */
  clientUserId: string;
  /** The IANA zone before the change. */
  previousTimeZone: string;
  /** The IANA zone now. */
  timeZone: string;
}

export interface VisitEvent {
  organizationId: string;
  clientId: string;
  visitId: string;
  /** ISO instant (UTC). */
  startsAt: string;
  durationMinutes: number;
  kind: string;
  // Added by scheduling; always set by it (optional only so older publishers and tests still compile).
  /** ISO instant (UTC). */
  endsAt?: string;
  /** The visit's IANA zone, for local-time wording of reminders. */
  timeZone?: string;
  seriesId?: string | null;
  /** The client's user account (ids only, never names). */
  clientUserId?: string;
  /** Team members attending. */
  attendeeUserIds?: string[];
  status?: string;
}

/** The occurrences of a newly scheduled series; what all of them share is said once. */
export interface VisitSeriesEvent {
  organizationId: string;
  clientId: string;
  seriesId: string;
  kind: string;
  durationMinutes: number;
  /** The series' IANA zone. */
  timeZone: string;
  /** The client's user account (ids only, never names). */
  clientUserId: string;
  /** Team members attending every occurrence. */
  attendeeUserIds: string[];
  status: string;
  occurrences: VisitOccurrence[];
}

export interface VisitOccurrence {
  visitId: string;
  /** ISO instant (UTC). */
  startsAt: string;
  /** ISO instant (UTC). */
  endsAt: string;
}

export type DomainEventName = keyof DomainEventMap;

/** Work a subscriber wants done once the publishing transaction has committed (e.g. enqueue jobs). */
export type AfterCommit = () => Promise<void>;

/**
 * A subscriber runs INSIDE the publisher's transaction (so its rows commit or roll back with the change)
 * and may return work for after the commit (Redis jobs, sockets: never before the rows are durable).
 */
export type DomainEventHandler<N extends DomainEventName> = (event: DomainEventMap[N], tx: EntityManager) => Promise<AfterCommit | void>;

@Injectable()
export class DomainEvents {
  private readonly log = new Logger('events');
  private readonly handlers = new Map<DomainEventName, DomainEventHandler<never>[]>();

  subscribe<N extends DomainEventName>(name: N, handler: DomainEventHandler<N>): void {
    const list = this.handlers.get(name) ?? [];
    list.push(handler);
    this.handlers.set(name, list);
  }

  /** Call inside the transaction; run the returned callbacks with `afterCommit` once it has committed. */
  async publish<N extends DomainEventName>(tx: EntityManager, name: N, event: DomainEventMap[N]): Promise<AfterCommit[]> {
    const followUps: AfterCommit[] = [];
    for (const handler of this.handlers.get(name) ?? []) {
      const followUp = await (handler as DomainEventHandler<N>)(event, tx);
      if (followUp) followUps.push(followUp);
    }
    return followUps;
  }

  /** Runs after-commit work; a failure is logged, not thrown: the rows are the record, reconcilers repair. */
  async afterCommit(followUps: AfterCommit[]): Promise<void> {
    for (const followUp of followUps) {
      try {
        await followUp();
      } catch (error) {
        this.log.warn({ error: error instanceof Error ? error.message : String(error) }, 'after-commit work failed; a reconciler will repair it');
      }
    }
  }
}

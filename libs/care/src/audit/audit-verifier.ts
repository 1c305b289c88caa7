import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '@attune/platform';
import { GENESIS_HEAD, chainEvent, eventsBetween, isoMicros, sealHead, type ChainedEvent, type Queryable } from './audit-chain.js';

/** What one seal says and what the events in its range say now; `problems` is empty when they agree. */
export interface SealCheck {
  sealId: string;
  cutoff: string;
  sealedEventCount: number;
  eventCount: number;
  /** The ids of the events now in this seal's range (the first ones, when there are many). */
  eventIds: string[];
  problems: string[];
}

export interface AuditVerification {
  intact: boolean;
  sealsChecked: number;
  eventsChecked: number;
  /** Events after the last cutoff: not sealed yet, so not covered by this verification. */
  unsealedEvents: number;
  /** Only the seals with problems. */
  broken: SealCheck[];
}

interface SealRow {
  id: string;
  cutoff: string;
  event_count: number;
  last_event_id: string | null;
  previous_head: string;
  head: string;
}

const LISTED_IDS = 20;

/**
 * Recomputes the hash chain from the first seal to the last. Each seal is checked from its own stored
 * previous head, so damage is reported where it is (a changed, inserted or removed event changes that
 * seal's head; an inserted or removed one its count too), and the links between seals are checked apart.
 */
@Injectable()
export class AuditVerifier {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  async verify(): Promise<AuditVerification> {
    return verifyAuditChain(this.db, this.config.auditHmacKey);
  }
}

export async function verifyAuditChain(db: Queryable, key: string): Promise<AuditVerification> {
  const seals: SealRow[] = await db.query(
    `SELECT id::text AS id, ${isoMicros('cutoff')} AS cutoff, event_count, last_event_id::text AS last_event_id,
            previous_head, head
       FROM audit_seal ORDER BY id`,
  );
  const lastCutoff = seals.reduce<string | null>((max, seal) => (max === null || seal.cutoff > max ? seal.cutoff : max), null);
  // One ordered pass over every sealed event (in batches), handed out to the seals in turn: a few queries
  // for the whole trail instead of one per seal (an empty seal a minute adds up to half a million a year).
  const events = new EventCursor(lastCutoff === null ? null : eventsBetween(db, null, lastCutoff));
  const broken: SealCheck[] = [];
  let eventsChecked = 0;
  let previous: SealRow | null = null;
  for (const seal of seals) {
    const check = await checkSeal(key, seal, previous, events);
    eventsChecked += check.eventCount;
    if (check.problems.length > 0) broken.push(check);
    previous = seal;
  }
  const unsealed: { count: number }[] = await db.query(
    `SELECT count(*)::int AS count FROM audit_event WHERE $1::timestamptz IS NULL OR at >= $1::timestamptz`,
    [lastCutoff],
  );
  return { intact: broken.length === 0, sealsChecked: seals.length, eventsChecked, unsealedEvents: unsealed[0].count, broken };
}

/** Reads ahead one event so a seal can take exactly the events below its cutoff. */
class EventCursor {
  private pending: IteratorResult<ChainedEvent> | null = null;
  constructor(private readonly source: AsyncGenerator<ChainedEvent> | null) {}

  async nextBefore(cutoff: string): Promise<ChainedEvent | null> {
    if (!this.source) return null;
    this.pending ??= await this.source.next();
    if (this.pending.done || this.pending.value.at >= cutoff) return null;
    const event = this.pending.value;
    this.pending = null;
    return event;
  }
}

async function checkSeal(key: string, seal: SealRow, previous: SealRow | null, events: EventCursor): Promise<SealCheck> {
  const problems: string[] = [];
  const expectedPrevious = previous?.head ?? GENESIS_HEAD;
  if (seal.previous_head !== expectedPrevious) {
    problems.push(previous ? `does not chain from seal ${previous.id} (a seal was removed or altered)` : 'does not start from the genesis head');
  }
  if (previous && seal.cutoff <= previous.cutoff) problems.push(`cutoff is not after seal ${previous.id}'s`);

  let head = seal.previous_head;
  let eventCount = 0;
  let lastEventId: string | null = null;
  const eventIds: string[] = [];
  for (let event = await events.nextBefore(seal.cutoff); event; event = await events.nextBefore(seal.cutoff)) {
    head = chainEvent(key, head, event);
    eventCount += 1;
    lastEventId = event.id;
    if (eventIds.length < LISTED_IDS) eventIds.push(event.id);
  }
  if (eventCount !== seal.event_count) {
    problems.push(`${eventCount} events in range now, ${seal.event_count} when sealed (events inserted or removed)`);
  }
  if (lastEventId !== seal.last_event_id) {
    problems.push(`last event is ${lastEventId ?? 'none'} now, ${seal.last_event_id ?? 'none'} when sealed`);
  }
  if (sealHead(key, head, { cutoff: seal.cutoff, eventCount: seal.event_count, lastEventId: seal.last_event_id }) !== seal.head) {
    problems.push('head differs: an event in range was changed, inserted or removed, or the seal itself was altered');
  }
  return { sealId: seal.id, cutoff: seal.cutoff, sealedEventCount: seal.event_count, eventCount, eventIds, problems };
}

/** The report `npm run audit:verify` prints: seal and event ids, never event contents. */
export function describeVerification(result: AuditVerification): string {
  const summary = `${result.sealsChecked} seals, ${result.eventsChecked} events checked; ${result.unsealedEvents} events not sealed yet`;
  if (result.intact) return `Audit trail intact: ${summary}.`;
  const lines = [`Audit trail NOT intact: ${result.broken.length} of ${result.sealsChecked} seals do not match (${summary}).`];
  for (const check of result.broken) {
    const more = check.eventCount > check.eventIds.length ? `, … (${check.eventCount} in all)` : '';
    lines.push(`  seal ${check.sealId} (cutoff ${check.cutoff}):`);
    for (const problem of check.problems) lines.push(`    - ${problem}`);
    lines.push(`    events now in its range: ${check.eventIds.length > 0 ? check.eventIds.join(', ') + more : 'none'}`);
  }
  return lines.join('\n');
}

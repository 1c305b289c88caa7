import { createHmac } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/** The head the first seal chains from. Versioned, so a future change of canonical form is explicit. */
export const GENESIS_HEAD = 'attune-audit-genesis-v1';

/** Anything that runs SQL: a DataSource, an EntityManager, a transaction's manager. */
export type Queryable = Pick<EntityManager, 'query'>;

/**
 * A timestamptz as UTC ISO text with microseconds. Chaining and comparing timestamps as JavaScript Dates
 * would truncate them to milliseconds: two events in the same millisecond, or an `at` just before a cutoff,
 * would then hash or fall on the wrong side. Fixed width, so the texts also sort as the instants do.
 */
export const isoMicros = (expression: string) => `to_char((${expression}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Every column of audit_event, in the order they are hashed. Adding a column means a new GENESIS version. */
const CHAINED_COLUMNS = [
  'id', 'at', 'organization_id', 'actor_user_id', 'actor_role', 'action', 'capability', 'client_id',
  'subject_id', 'outcome', 'basis', 'request_id', 'reason',
] as const;

export type ChainedEvent = Record<(typeof CHAINED_COLUMNS)[number], string | null> & { id: string; at: string };

const SELECT_CHAINED = CHAINED_COLUMNS.map((column) =>
  column === 'at' ? `${isoMicros('at')} AS at` : `${column}::text AS ${column}`,
).join(', ');

/** A stable serialisation of one row: a JSON array of texts in a fixed column order (nulls stay null). */
export function canonical(event: ChainedEvent): string {
  return JSON.stringify(CHAINED_COLUMNS.map((column) => event[column]));
}

/** h_i = HMAC-SHA256(key, h_{i-1} || canonical(row_i)), hex. */
export function chainEvent(key: string, head: string, event: ChainedEvent): string {
  return createHmac('sha256', key).update(head).update(canonical(event)).digest('hex');
}

export interface SealFacts {
  cutoff: string;
  eventCount: number;
  lastEventId: string | null;
}

/**
 * A seal's head also commits to its own cutoff and count: without that, someone able to edit audit_seal
 * (but without the key) could pull the last cutoff back and slip backdated events in below the next one.
 */
export function sealHead(key: string, eventsHead: string, seal: SealFacts): string {
  return createHmac('sha256', key)
    .update(eventsHead)
    .update(JSON.stringify(['seal', seal.cutoff, seal.eventCount, seal.lastEventId]))
    .digest('hex');
}

/**
 * Events with from <= at < to (no lower bound when `from` is null) in chain order (at, id), fetched in
 * keyset batches so a large backlog never sits in memory at once.
 */
export async function* eventsBetween(db: Queryable, from: string | null, to: string, batchSize = 5000): AsyncGenerator<ChainedEvent> {
  let after: { at: string; id: string } | null = null;
  for (;;) {
    const params: unknown[] = [to];
    const where = ['at < $1::timestamptz'];
    if (from !== null) where.push(`at >= $${params.push(from)}::timestamptz`);
    if (after) where.push(`(at, id) > ($${params.push(after.at)}::timestamptz, $${params.push(after.id)}::bigint)`);
    const rows: ChainedEvent[] = await db.query(
      `SELECT ${SELECT_CHAINED} FROM audit_event WHERE ${where.join(' AND ')} ORDER BY at, id LIMIT ${batchSize}`,
      params,
    );
    yield* rows;
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1];
    after = { at: last.at, id: last.id };
  }
}

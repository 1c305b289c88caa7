import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '@attune/platform';
import { GENESIS_HEAD, chainEvent, eventsBetween, isoMicros, sealHead } from './audit-chain.js';

export interface SealResult {
  sealId: string;
  cutoff: string;
  eventCount: number;
  lastEventId: string | null;
  head: string;
}

/**
 * Where sealing may stop: the start of the oldest transaction still running in this database, or our own
 * start. `audit_event.at` is its inserting transaction's start (`now()`), so every event before this
 * instant comes from a transaction that started before every running one: it has committed or aborted,
 * and no event can appear below the cutoff later.
 *
 * Other roles' backends show a null xact_start unless ours has pg_read_all_stats: the role that seals
 * must be the role that writes audit events (it is: the app's). Autovacuum is left out because it never
 * writes audit events and a long vacuum would only hold sealing back.
 *
 * PostgreSQL stamps a transaction's start a few microseconds before pg_stat_activity shows it; a backend
 * descheduled in exactly that gap could leave an event below a cutoff after sealing. Verification would
 * then report it as inserted: a false alarm to investigate, never a silent gap.
 */
const CUTOFF_SQL = `
  SELECT ${isoMicros('c.cutoff')} AS cutoff, extract(epoch FROM clock_timestamp() - c.cutoff)::float8 AS lag_seconds
    FROM (SELECT least(now(), (
            SELECT min(xact_start) FROM pg_stat_activity
             WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL
               AND backend_type <> 'autovacuum worker')) AS cutoff) c`;

/** A transaction open this long holds sealing back: worth telling the operator. */
const LAG_WARNING_SECONDS = 600;

/**
 * Seals the audit trail in batches: a keyed hash chain (HMAC, key kept out of the database) over every
 * final event, one audit_seal row per batch. It only reads audit_event: writers are never blocked.
 */
@Injectable()
export class AuditSealer {
  private readonly log = new Logger('audit');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Seals what is final. Null when another process is sealing right now, or no time has passed. */
  async seal(): Promise<SealResult | null> {
    // READ COMMITTED on purpose: each statement below reads a fresh snapshot taken AFTER the lock was
    // granted and after pg_stat_activity was read. A REPEATABLE READ snapshot is taken by the first
    // statement, before both: a transaction committing in between would be missed by this seal, and a
    // seal committed by a process that just released the lock would be invisible (a forked chain).
    const result = await this.db.transaction('READ COMMITTED', (tx) => this.sealWithin(tx));
    if (result) this.log.log(`audit seal ${result.sealId} head ${result.head} events ${result.eventCount}`);
    return result;
  }

  private async sealWithin(tx: EntityManager): Promise<SealResult | null> {
    const [{ locked }]: { locked: boolean }[] = await tx.query(
      `SELECT pg_try_advisory_xact_lock(hashtext('attune.audit-sealer')) AS locked`,
    );
    if (!locked) return null;
    const [{ cutoff, lag_seconds }]: { cutoff: string; lag_seconds: number }[] = await tx.query(CUTOFF_SQL);
    if (lag_seconds > LAG_WARNING_SECONDS) {
      this.log.warn(`audit sealing is held back ${Math.round(lag_seconds)} s by a long-open transaction (see pg_stat_activity)`);
    }
    const [previous]: { cutoff: string; head: string }[] = await tx.query(
      `SELECT ${isoMicros('cutoff')} AS cutoff, head FROM audit_seal ORDER BY id DESC LIMIT 1`,
    );
    // Clocks can step back; a cutoff that does not move forward has nothing new to seal.
    if (previous && cutoff <= previous.cutoff) return null;

    const previousHead = previous?.head ?? GENESIS_HEAD;
    let head = previousHead;
    let eventCount = 0;
    let lastEventId: string | null = null;
    for await (const event of eventsBetween(tx, previous?.cutoff ?? null, cutoff)) {
      head = chainEvent(this.config.auditHmacKey, head, event);
      eventCount += 1;
      lastEventId = event.id;
    }
    // Empty seals are kept: they move the cutoff on, so a row backdated into a quiet period is caught too.
    const sealed = sealHead(this.config.auditHmacKey, head, { cutoff, eventCount, lastEventId });
    const [{ id }]: { id: string }[] = await tx.query(
      `INSERT INTO audit_seal (cutoff, event_count, last_event_id, previous_head, head)
       VALUES ($1::timestamptz, $2, $3, $4, $5) RETURNING id::text AS id`,
      [cutoff, eventCount, lastEventId, previousHead, sealed],
    );
    return { sealId: id, cutoff, eventCount, lastEventId, head: sealed };
  }
}

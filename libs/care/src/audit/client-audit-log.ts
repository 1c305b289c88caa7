import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '@attune/identity';
import { AccessPolicy, type ClientAccess } from '../policy/access-policy.js';
import { isoMicros } from './audit-chain.js';

/** One audit event as an auditor reads it. `at` is UTC ISO text with microseconds, as sealed. */
export interface AuditEventView {
  id: string;
  at: string;
  actorUserId: string | null;
  actorRole: string | null;
  action: string;
  capability: string | null;
  outcome: string;
  basis: string | null;
  requestId: string | null;
  /** What a person typed to justify access (break-glass). Only admins and supervisors hold `audit:read`. */
  reason: string | null;
}

export interface AuditEventPage {
  events: AuditEventView[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

const SELECT_VIEW = `SELECT id::text AS id, ${isoMicros('at')} AS at, actor_user_id AS "actorUserId", actor_role AS "actorRole",
  action, capability, outcome, basis, request_id AS "requestId", reason FROM audit_event`;

const EXPORT_BATCH = 1000;

/** A client's audit trail for the people who oversee it: newest first, keyset-paged by id. */
@Injectable()
export class ClientAuditLog {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: AccessPolicy,
  ) {}

  /** `cursor` is the id of the last event already seen: the page holds older ones. */
  async page(actor: Actor, clientId: string, limit: number, cursor?: string): Promise<AuditEventPage> {
    const access = await this.policy.require(actor, clientId, 'audit:read');
    const rows = await this.olderThan(access, cursor ?? null, limit + 1);
    const events = rows.slice(0, limit);
    return { events, nextCursor: rows.length > limit ? events[events.length - 1].id : null };
  }

  /**
   * Every event, newest first, fetched in batches as the caller consumes them (a CSV streams out while
   * it is read). The decision is taken, and audited, before the first row leaves.
   */
  async export(actor: Actor, clientId: string): Promise<AsyncIterable<AuditEventView>> {
    const access = await this.policy.require(actor, clientId, 'audit:read', { action: 'audit:export' });
    return this.everyEvent(access);
  }

  private async *everyEvent(access: ClientAccess): AsyncGenerator<AuditEventView> {
    let cursor: string | null = null;
    for (;;) {
      const rows = await this.olderThan(access, cursor, EXPORT_BATCH);
      yield* rows;
      if (rows.length < EXPORT_BATCH) return;
      cursor = rows[rows.length - 1].id;
    }
  }

  private olderThan(access: ClientAccess, cursor: string | null, limit: number): Promise<AuditEventView[]> {
    return this.db.query(
      `${SELECT_VIEW}
        WHERE organization_id = $1 AND client_id = $2 AND ($3::bigint IS NULL OR id < $3::bigint)
        ORDER BY id DESC LIMIT $4`,
      [access.organizationId, access.clientId, cursor, limit],
    );
  }
}

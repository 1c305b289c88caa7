import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { groupCommit, RequestContext, preparedQuery } from '@attune/platform';
import type { AuditOutcome } from '../entities/audit-event.entity.js';

export interface AuditEntry {
  organizationId: string | null;
  actorUserId: string | null;
  actorRole: string | null;
  action: string;
  capability?: string | null;
  clientId?: string | null;
  subjectId?: string | null;
  outcome: AuditOutcome;
  basis?: string | null;
  reason?: string | null;
}

const COLUMNS =
  'organization_id, actor_user_id, actor_role, action, capability, client_id, subject_id, outcome, basis, request_id, reason';

/**
 * Appends audit events. A plain INSERT with no lock or counter, so audit never serialises requests;
 * the hash chain is computed afterwards by the sealer. Pass the transaction's manager to commit the
 * event with the change it records.
 */
@Injectable()
export class AuditTrail {
  /** Events outside a transaction: concurrent requests' events share one insert (see groupCommit). */
  private readonly appendGrouped: (row: unknown[]) => Promise<void>;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.appendGrouped = groupCommit<unknown[], void>(async (rows) => {
      await insert(this.db.manager, rows);
      return rows.map(() => undefined);
    });
  }

  /**
   * The events as one JSON parameter, for a statement that writes them itself next to the change they
   * record (with `insertFromJsonSql`). Call inside the request: the request id is read here.
   */
  static asJson(entries: readonly AuditEntry[]): Record<string, unknown>[] {
    const requestId = RequestContext.requestId();
    return entries.map((e) => ({
      organization_id: e.organizationId, actor_user_id: e.actorUserId, actor_role: e.actorRole, action: e.action, capability: e.capability ?? null,
      client_id: e.clientId ?? null, subject_id: e.subjectId ?? null, outcome: e.outcome, basis: e.basis ?? null, request_id: requestId, reason: e.reason ?? null,
    }));
  }

  /** The INSERT of the events in the jsonb parameter `param` (see `asJson`), for a CTE of the caller's statement. */
  static insertFromJsonSql(param: string): string {
    return `INSERT INTO audit_event (${COLUMNS}) SELECT ${COLUMNS} FROM jsonb_populate_recordset(null::audit_event, ${param}::jsonb)`;
  }

  async record(entry: AuditEntry, tx?: EntityManager): Promise<void> {
    await this.recordMany([entry], tx);
  }

  /** With `tx` the events commit with the change they record; without, they are written before this returns. */
  async recordMany(entries: AuditEntry[], tx?: EntityManager): Promise<void> {
    if (entries.length === 0) return;
    const requestId = RequestContext.requestId();
    const rows = entries.map((e) => [
      e.organizationId, e.actorUserId, e.actorRole, e.action, e.capability ?? null, e.clientId ?? null,
      e.subjectId ?? null, e.outcome, e.basis ?? null, requestId, e.reason ?? null,
    ]);
    if (tx) await insert(tx, rows);
    else await Promise.all(rows.map((row) => this.appendGrouped(row)));
  }
}

async function insert(manager: EntityManager, rows: readonly unknown[][]): Promise<void> {
  const params: unknown[] = [];
  const values = rows.map((row) => {
    const start = params.length;
    params.push(...row);
    return `(${row.map((_, i) => `$${start + i + 1}`).join(', ')})`;
  });
  const text = `INSERT INTO audit_event (${COLUMNS}) VALUES ${values.join(', ')}`;
  // The one-event insert runs on every quiet request: prepared once per connection. Batches vary in size.
  if (rows.length === 1) await preparedQuery(manager, 'audit-insert-1', text, params);
  else await manager.query(text, params);
}

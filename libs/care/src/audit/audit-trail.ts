import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { RequestContext, preparedQuery } from '@attune/platform';
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
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(entry: AuditEntry, tx?: EntityManager): Promise<void> {
    await this.recordMany([entry], tx);
  }

  async recordMany(entries: AuditEntry[], tx?: EntityManager): Promise<void> {
    if (entries.length === 0) return;
    const requestId = RequestContext.requestId();
    const params: unknown[] = [];
    const rows = entries.map((e) => {
      const values = [
        e.organizationId, e.actorUserId, e.actorRole, e.action, e.capability ?? null, e.clientId ?? null,
        e.subjectId ?? null, e.outcome, e.basis ?? null, requestId, e.reason ?? null,
      ];
      const start = params.length;
      params.push(...values);
      return `(${values.map((_, i) => `$${start + i + 1}`).join(', ')})`;
    });
    const text = `INSERT INTO audit_event (${COLUMNS}) VALUES ${rows.join(', ')}`;
    const manager = tx ?? this.db.manager;
    // The one-event insert runs on every request: prepared once per connection. Batches vary in size.
    if (entries.length === 1) await preparedQuery(manager, 'audit-insert-1', text, params);
    else await manager.query(text, params);
  }
}

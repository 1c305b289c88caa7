import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessPolicy, AuditTrail } from '@attune/care';
import { isStaff, type Actor } from '@attune/identity';
import { Clock, isUuidLike, Problem } from '@attune/platform';
import { dedupKey, THREAD_COLUMNS, threadVisible, toThread, type ClientThreadKind, type MessageThread, type ThreadRow } from './message-thread.js';

export interface ThreadSummary extends MessageThread {
  /** Messages to the actor in this thread they have not read. */
  unread: number;
}

const UNREAD = `(SELECT count(*)::int FROM message_delivery d WHERE d.thread_id = t.id AND d.user_id = $2 AND d.read_at IS NULL) AS unread`;

/** Opening and listing threads. Opening is idempotent: the same kind and people give the same thread. */
@Injectable()
export class MessageThreads {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: AccessPolicy,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  /**
   * A thread about a client. Staff open a client–member thread with themselves as the member; the client
   * names the team member (`memberUserId`), who must be on their team now.
   */
  async openForClient(actor: Actor, clientId: string, kind: ClientThreadKind, memberUserId?: string): Promise<ThreadSummary> {
    const access = await this.policy.require(actor, clientId, 'messages:send', { action: 'message_thread.open' });
    if (kind === 'team_only' && access.basis === 'self') throw Problem.invalid('kind', 'team_only threads are for the care team');
    let members: string[] = [];
    if (kind === 'client_member') {
      const member = access.basis === 'self' ? memberUserId : actor.userId;
      if (!member) throw Problem.invalid('memberUserId', 'is required for a client_member thread');
      if (!(await this.onTeam(access.organizationId, clientId, member))) throw Problem.invalid('memberUserId', 'is not on this care team');
      members = [member];
    } else if (memberUserId !== undefined) {
      throw Problem.invalid('memberUserId', `is only for client_member threads`);
    }
    return this.insertOnce(actor, access.organizationId, kind, clientId, members);
  }

  /** A direct thread between the actor and another staff member of their organisation. */
  async openDirect(actor: Actor, staffUserId: string): Promise<ThreadSummary> {
    await this.policy.requireOrganization(actor, 'staff-messages:send');
    if (staffUserId === actor.userId) throw Problem.invalid('staffUserId', 'must be someone else');
    const rows: unknown[] = isUuidLike(staffUserId)
      ? await this.db.query(`SELECT 1 FROM staff_member WHERE user_id = $1 AND organization_id = $2 AND status = 'active'`, [staffUserId, actor.organizationId])
      : [];
    if (rows.length === 0) throw Problem.invalid('staffUserId', 'is not an active staff member of this organisation');
    return this.insertOnce(actor, actor.organizationId, 'staff_direct', null, [actor.userId, staffUserId]);
  }

  /** The client's threads this actor may see, with their unread counts. */
  async listForClient(actor: Actor, clientId: string): Promise<ThreadSummary[]> {
    const access = await this.policy.require(actor, clientId, 'messages:read', { action: 'message_threads.list' });
    const rows: (ThreadRow & { unread: number })[] = await this.db.query(
      `SELECT ${THREAD_COLUMNS}, ${UNREAD} FROM message_thread t WHERE t.client_id = $1 AND t.organization_id = $3 ORDER BY t.created_at, t.id`,
      [clientId, actor.userId, access.organizationId],
    );
    return rows.map((r) => ({ ...toThread(r), unread: r.unread })).filter((thread) => threadVisible(thread, actor, access.basis));
  }

  /** The actor's direct threads with other staff. */
  async listDirect(actor: Actor): Promise<ThreadSummary[]> {
    if (!isStaff(actor)) return [];
    const rows: (ThreadRow & { unread: number })[] = await this.db.query(
      `SELECT ${THREAD_COLUMNS}, ${UNREAD} FROM message_thread t
        WHERE t.kind = 'staff_direct' AND $2 = ANY(t.member_user_ids) AND t.organization_id = $1 ORDER BY t.created_at, t.id`,
      [actor.organizationId, actor.userId],
    );
    return rows.map((r) => ({ ...toThread(r), unread: r.unread }));
  }

  private async insertOnce(actor: Actor, organizationId: string, kind: MessageThread['kind'], clientId: string | null, members: string[]): Promise<ThreadSummary> {
    const key = dedupKey(kind, clientId, members);
    await this.db.query(
      `INSERT INTO message_thread (organization_id, kind, client_id, member_user_ids, dedup_key, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (dedup_key) DO NOTHING`,
      [organizationId, kind, clientId, members, key, actor.userId, this.clock.now()],
    );
    const rows: (ThreadRow & { unread: number })[] = await this.db.query(
      `SELECT ${THREAD_COLUMNS}, ${UNREAD} FROM message_thread t WHERE t.dedup_key = $1 AND t.organization_id = $3`,
      [key, actor.userId, organizationId],
    );
    if (kind === 'staff_direct') {
      await this.audit.record({ organizationId, actorUserId: actor.userId, actorRole: actor.role, action: 'message_thread.open', capability: 'staff-messages:send', subjectId: rows[0].id, outcome: 'allowed' });
    }
    return { ...toThread(rows[0]), unread: rows[0].unread };
  }

  private async onTeam(organizationId: string, clientId: string, userId: string): Promise<boolean> {
    if (!isUuidLike(userId)) return false;
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM care_team_membership WHERE organization_id = $1 AND client_id = $2 AND staff_user_id = $3
          AND starts_at <= $4 AND (ends_at IS NULL OR ends_at > $4)`,
      [organizationId, clientId, userId, this.clock.now()],
    );
    return rows.length > 0;
  }
}

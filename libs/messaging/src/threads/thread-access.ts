import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessPolicy, AuditTrail, type AccessBasis } from '@attune/care';
import type { Actor } from '@attune/identity';
import { isUuidLike, Problem } from '@attune/platform';
import { THREAD_COLUMNS, threadVisible, toThread, type MessageThread, type ThreadRow } from './message-thread.js';

export type MessageCapability = 'messages:read' | 'messages:send';

/**
 * Every use of a thread asks here first: the thread must be in the actor's organisation, the access
 * policy must allow the capability on its client (audited there), and the thread's kind must let this
 * actor see it. A thread the actor may not see answers 404, like another organisation's record.
 */
@Injectable()
export class ThreadAccess {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: AccessPolicy,
    private readonly audit: AuditTrail,
  ) {}

  async require(actor: Actor, threadId: string, capability: MessageCapability, action: string): Promise<MessageThread> {
    const thread = await this.find(actor.organizationId, threadId);
    if (!thread) return this.refuse(actor, capability, action, null, threadId);
    let basis: AccessBasis = 'colleague';
    if (thread.clientId) {
      basis = (await this.policy.require(actor, thread.clientId, capability, { action, subjectId: thread.id })).basis;
    }
    if (!threadVisible(thread, actor, basis)) return this.refuse(actor, capability, action, thread.clientId, thread.id);
    if (!thread.clientId) await this.record(actor, capability, action, null, thread.id, 'allowed', basis);
    return thread;
  }

  private async find(organizationId: string, threadId: string): Promise<MessageThread | null> {
    if (!isUuidLike(threadId)) return null;
    const rows: ThreadRow[] = await this.db.query(`SELECT ${THREAD_COLUMNS} FROM message_thread t WHERE t.id = $1 AND t.organization_id = $2`, [
      threadId,
      organizationId,
    ]);
    return rows[0] ? toThread(rows[0]) : null;
  }

  private async refuse(actor: Actor, capability: MessageCapability, action: string, clientId: string | null, threadId: string): Promise<never> {
    await this.record(actor, capability, action, clientId, isUuidLike(threadId) ? threadId : null, clientId ? 'denied' : 'not_found', null);
    throw Problem.notFound('thread');
  }

  private async record(actor: Actor, capability: string, action: string, clientId: string | null, subjectId: string | null, outcome: 'allowed' | 'denied' | 'not_found', basis: string | null) {
    await this.audit.record({
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      actorRole: actor.role,
      action,
      capability,
      clientId,
      subjectId,
      outcome,
      basis,
    });
  }
}

import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '@attune/identity';
import { InAppNotifications, Outbox } from '@attune/notifications';
import { AppConfig, Clock, Problem, type AfterCommit } from '@attune/platform';
import { BreakGlassGrant } from '../entities/break-glass-grant.entity.js';
import { AccessPolicy } from '../policy/access-policy.js';

export interface OpenedGrant {
  id: string;
  clientId: string;
  startsAt: Date;
  expiresAt: Date;
}

export const BREAK_GLASS_REASON = { min: 10, max: 500 };

/** What reviewers are told. It names nobody: email leaves the building, the review happens in Attune. */
export const BREAK_GLASS_NOTICE = {
  kind: 'break_glass_opened',
  subject: 'Emergency access opened in Attune',
  body: 'A colleague opened emergency access to a record. Review it in Attune.',
} as const;

interface Reviewer {
  user_id: string;
  email: string | null;
}

/**
 * Emergency access ("break the glass"): staff not on a client's team get read access for a short,
 * configured time, with a typed reason on the audit trail, and a reviewer is told at once.
 */
@Injectable()
export class BreakGlass {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: AccessPolicy,
    private readonly outbox: Outbox,
    private readonly inApp: InAppNotifications,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async open(actor: Actor, clientId: string, reason: string): Promise<OpenedGrant> {
    const text = reason.trim();
    if (text.length < BREAK_GLASS_REASON.min || text.length > BREAK_GLASS_REASON.max) {
      throw Problem.invalid('reason', `must be ${BREAK_GLASS_REASON.min} to ${BREAK_GLASS_REASON.max} characters`);
    }
    // The grant's id is chosen first so the audit event (written before the grant, refusals included) links to it.
    const id = randomUUID();
    const { organizationId } = await this.policy.require(actor, clientId, 'break_glass:open', { action: 'break_glass.open', reason: text, subjectId: id });
    const startsAt = this.clock.now();
    // Configuration refuses more than an hour, and so does the table's CHECK.
    const expiresAt = new Date(startsAt.getTime() + this.config.durations.breakGlassMax * 1000);
    const afterCommit = await this.db.transaction(async (tx) => {
      await tx.save(tx.create(BreakGlassGrant, { id, organizationId, clientId, staffUserId: actor.userId, reason: text, startsAt, expiresAt, createdAt: startsAt }));
      return this.notifyReviewers(tx, organizationId, actor.userId, id);
    });
    for (const work of afterCommit) await work();
    return { id, clientId, startsAt, expiresAt };
  }

  /** An in-app notification and an email per reviewer, committed with the grant; emails leave after commit. */
  private async notifyReviewers(tx: EntityManager, organizationId: string, staffUserId: string, grantId: string): Promise<AfterCommit[]> {
    const afterCommit: AfterCommit[] = [];
    for (const reviewer of await reviewersOf(tx, organizationId, staffUserId)) {
      const emit = await this.inApp.create(tx, { organizationId, recipientUserId: reviewer.user_id, kind: BREAK_GLASS_NOTICE.kind, subjectId: grantId });
      if (emit) afterCommit.push(emit);
      if (!reviewer.email) continue;
      const to = reviewer.email;
      const messageId = await this.outbox.stage(tx, { organizationId, recipientUserId: reviewer.user_id, channel: 'email', to, subject: BREAK_GLASS_NOTICE.subject, body: BREAK_GLASS_NOTICE.body });
      afterCommit.push(() => this.outbox.dispatch(messageId));
    }
    return afterCommit;
  }
}

const ACTIVE_STAFF = `SELECT s.user_id, u.email FROM staff_member s JOIN user_account u ON u.id = s.user_id
                       WHERE s.organization_id = $1 AND s.status = 'active' AND u.disabled_at IS NULL AND s.user_id <> $2`;

/**
 * Who reviews an emergency access: the staff member's own supervisor; failing that every supervisor of
 * the organisation; failing that (a programme with no supervisor yet) its admins. Never the opener.
 */
async function reviewersOf(tx: EntityManager, organizationId: string, staffUserId: string): Promise<Reviewer[]> {
  const own: Reviewer[] = await tx.query(
    `${ACTIVE_STAFF} AND s.user_id = (SELECT supervisor_user_id FROM staff_member WHERE user_id = $2 AND organization_id = $1)`,
    [organizationId, staffUserId],
  );
  if (own.length > 0) return own;
  for (const role of ['supervisor', 'admin']) {
    const all: Reviewer[] = await tx.query(`${ACTIVE_STAFF} AND u.role = $3 ORDER BY s.user_id`, [organizationId, staffUserId, role]);
    if (all.length > 0) return all;
  }
  return [];
}

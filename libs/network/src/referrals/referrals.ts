import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessPolicy } from '@attune/care';
import { Disclosures } from '@attune/consent';
import type { Actor } from '@attune/identity';
import { Outbox } from '@attune/notifications';
import { Clock, DomainEvents, isUuidLike, Problem, type AfterCommit } from '@attune/platform';
import { DueDateReminders } from '@attune/reminders';

export const REFERRAL_STATUSES = ['suggested', 'sent', 'accepted', 'connected', 'closed'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
export const REFERRAL_OUTCOMES = ['connected_and_helped', 'declined_by_client', 'not_eligible', 'no_response', 'other'] as const;
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number];
export const REFERRAL_SCOPES = ['referral:basic', 'referral:clinical'] as const;
export type ReferralScope = (typeof REFERRAL_SCOPES)[number];

/** The statuses each one may move to ('sent' only through `send`; 'closed' needs an outcome). */
const NEXT: Record<ReferralStatus, readonly ReferralStatus[]> = {
  suggested: ['closed'],
  sent: ['accepted', 'closed'],
  accepted: ['connected', 'closed'],
  connected: ['closed'],
  closed: [],
};
/** When the referring staff member is reminded to follow up, after sending. */
export const FOLLOW_UP_DAYS = 7;

export interface ReferralView {
  id: string;
  clientId: string;
  serviceId: string;
  serviceName: string;
  kind: 'staff' | 'self';
  status: ReferralStatus;
  outcome: ReferralOutcome | null;
  note: string | null;
  sentVia: 'email' | 'letter' | 'self' | null;
  disclosureId: string | null;
  followUpAt: Date | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  history: { status: string; outcome: string | null; note: string | null; changedBy: string; changedAt: Date }[];
}

export interface ReferralLetter {
  text: string;
}

interface ReferralRow {
  id: string;
  client_id: string;
  service_id: string;
  service_name: string;
  kind: 'staff' | 'self';
  status: ReferralStatus;
  outcome: ReferralOutcome | null;
  note: string | null;
  sent_via: 'email' | 'letter' | 'self' | null;
  disclosure_id: string | null;
  follow_up_at: Date | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `r.id, r.client_id, r.service_id, s.name AS service_name, r.kind, r.status, r.outcome, r.note, r.sent_via, r.disclosure_id, r.follow_up_at, r.created_by, r.created_at, r.updated_at`;
const FROM = `referral r JOIN hsds_service s ON s.programme_id = r.organization_id AND s.id = r.service_id`;

/**
 * Referrals of a client to a community resource of the programme's directory (HSDS). A staff referral is
 * suggested, then sent (by email through the Outbox or as a printable letter): sending discloses client
 * information, so it calls Disclosures.disclose in the same transaction (no covering consent → 403,
 * nothing written or sent). A self-referral (the client contacted the resource themselves) discloses
 * nothing. A follow-up reminder goes to the sender and is cancelled at closure. Nothing is deleted.
 */
@Injectable()
export class Referrals {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: AccessPolicy,
    private readonly reminders: DueDateReminders,
    private readonly outbox: Outbox,
    private readonly events: DomainEvents,
    private readonly disclosures: Disclosures,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, clientId: string, input: { serviceId: string; kind: 'staff' | 'self'; note?: string | null }): Promise<ReferralView> {
    const capability = input.kind === 'self' ? 'referrals:record-self' : 'referrals:write';
    const access = await this.policy.require(actor, clientId, capability, { action: `referral.create-${input.kind}` });
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const [service]: { id: string }[] = await tx.query(`SELECT id FROM hsds_service WHERE programme_id = $1 AND id = $2`, [access.organizationId, input.serviceId]);
      if (!service) throw Problem.invalid('serviceId', "is not a service in the programme's resource directory");
      // A self-referral: the client has already contacted the resource; nothing was sent by the programme.
      const status: ReferralStatus = input.kind === 'self' ? 'sent' : 'suggested';
      const [row]: { id: string }[] = await tx.query(
        `INSERT INTO referral (organization_id, client_id, service_id, kind, status, note, sent_via, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
        [access.organizationId, clientId, input.serviceId, input.kind, status, input.note ?? null, input.kind === 'self' ? 'self' : null, actor.userId, now],
      );
      await this.history(tx, row.id, status, null, null, actor.userId, now);
      return this.load(tx, access.organizationId, clientId, row.id);
    });
  }

  async list(actor: Actor, clientId: string, filter: { overdue?: boolean } = {}): Promise<ReferralView[]> {
    const access = await this.policy.require(actor, clientId, 'referrals:read', { action: filter.overdue ? 'referrals.list-overdue' : 'referrals.list' });
    const rows: ReferralRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE r.client_id = $1 AND r.organization_id = $2
          AND (NOT $3::boolean OR (r.status <> 'closed' AND r.follow_up_at < $4))
        ORDER BY r.created_at DESC, r.id`,
      [clientId, access.organizationId, filter.overdue ?? false, this.clock.now()],
    );
    return Promise.all(rows.map((row) => this.withHistory(this.db.manager, row)));
  }

  async get(actor: Actor, clientId: string, referralId: string): Promise<ReferralView> {
    const access = await this.policy.require(actor, clientId, 'referrals:read', { action: 'referral.read', subjectId: isUuidLike(referralId) ? referralId : undefined });
    return this.load(this.db.manager, access.organizationId, clientId, referralId);
  }

  /**
   * Sends a suggested staff referral: discloses under a consent covering `scopes` to the service's
   * organisation, plans the follow-up, and (by email) stages the message in the same transaction.
   */
  async send(actor: Actor, clientId: string, referralId: string, input: { via: 'email' | 'letter'; scopes: ReferralScope[]; consentId?: string }): Promise<ReferralView> {
    const access = await this.policy.require(actor, clientId, 'referrals:write', { action: 'referral.send' });
    const now = this.clock.now();
    const followUps: AfterCommit[] = [];
    const view = await this.db.transaction(async (tx) => {
      const current = await this.lock(tx, access.organizationId, clientId, referralId);
      if (current.status !== 'suggested' || current.kind !== 'staff') throw Problem.conflict('status', `a ${current.kind} referral that is ${current.status} cannot be sent`);
      const [service]: { name: string; email: string | null; organization_name: string }[] = await tx.query(
        `SELECT s.name, s.email, o.name AS organization_name FROM hsds_service s
           JOIN hsds_organization o ON o.programme_id = s.programme_id AND o.id = s.organization_id
          WHERE s.programme_id = $1 AND s.id = $2`,
        [access.organizationId, current.service_id],
      );
      if (input.via === 'email' && !service.email) throw Problem.invalid('via', 'the service has no email address: send a letter');
      const disclosure = await this.disclosures.disclose(tx, {
        organizationId: access.organizationId,
        clientId,
        recipient: service.organization_name,
        purpose: 'referral',
        description: `referral to ${service.name} by ${input.via}`,
        scopes: input.scopes,
        consentId: input.consentId,
        disclosedBy: actor.userId,
      });
      const followUpAt = new Date(now.getTime() + FOLLOW_UP_DAYS * 86_400_000);
      await tx.query(`UPDATE referral SET status = 'sent', sent_via = $2, disclosure_id = $3, follow_up_at = $4, updated_at = $5 WHERE id = $1`, [
        referralId, input.via, disclosure.id, followUpAt, now,
      ]);
      await this.history(tx, referralId, 'sent', null, null, actor.userId, now);
      const planned = await this.reminders.plan(tx, { organizationId: access.organizationId, recipientUserId: actor.userId, clientId, kind: 'follow_up', subjectId: referralId, dueAt: followUpAt });
      if (planned) followUps.push(planned);
      const sent = await this.load(tx, access.organizationId, clientId, referralId);
      if (input.via === 'email') {
        const messageId = await this.outbox.stage(tx, {
          organizationId: access.organizationId,
          recipientUserId: null,
          channel: 'email',
          to: service.email!,
          subject: 'A referral from your partner programme',
          body: letterText(sent, access.client.preferredName, input.scopes, disclosure),
        });
        followUps.push(() => this.outbox.dispatch(messageId));
      }
      return sent;
    });
    await this.events.afterCommit(followUps);
    return view;
  }

  /** Moves a referral along (accepted, connected) or closes it with an outcome; 409 on an illegal move. */
  async changeStatus(actor: Actor, clientId: string, referralId: string, input: { status: ReferralStatus; outcome?: ReferralOutcome; note?: string | null }): Promise<ReferralView> {
    const { access, capability } = await this.policy.requireAny(actor, clientId, ['referrals:write', 'referrals:record-self'], { action: 'referral.status' });
    if (input.status === 'closed' && !input.outcome) throw Problem.invalid('outcome', 'is required to close a referral');
    if (input.status !== 'closed' && input.outcome) throw Problem.invalid('outcome', 'only when closing');
    const now = this.clock.now();
    const followUps: AfterCommit[] = [];
    const view = await this.db.transaction(async (tx) => {
      const current = await this.lock(tx, access.organizationId, clientId, referralId);
      // Without referrals:write (a peer coach, the client) only a self-referral moves.
      if (capability === 'referrals:record-self' && current.kind !== 'self') throw Problem.forbidden('only a self-referral may be updated without referrals:write');
      if (!NEXT[current.status].includes(input.status)) throw Problem.conflict('status', `cannot move from ${current.status} to ${input.status}`);
      const closing = input.status === 'closed';
      await tx.query(`UPDATE referral SET status = $2, outcome = $3, note = coalesce($4, note), follow_up_at = CASE WHEN $5 THEN NULL ELSE follow_up_at END, updated_at = $6 WHERE id = $1`, [
        referralId, input.status, input.outcome ?? null, input.note ?? null, closing, now,
      ]);
      await this.history(tx, referralId, input.status, input.outcome ?? null, input.note ?? null, actor.userId, now);
      if (closing) {
        const cancelled = await this.reminders.cancel(tx, access.organizationId, 'follow_up', referralId);
        if (cancelled) followUps.push(cancelled);
      }
      return this.load(tx, access.organizationId, clientId, referralId);
    });
    await this.events.afterCommit(followUps);
    return view;
  }

  /** The printable letter of a sent referral, with the §2.32 notice of its disclosure. */
  async letter(actor: Actor, clientId: string, referralId: string): Promise<ReferralLetter> {
    const access = await this.policy.require(actor, clientId, 'referrals:write', { action: 'referral.letter' });
    const referral = await this.load(this.db.manager, access.organizationId, clientId, referralId);
    if (!referral.disclosureId) throw Problem.conflict('status', 'only a sent staff referral has a letter');
    const [disclosure]: { scopes: string[]; notice: string; consent_statement: string }[] = await this.db.query(
      `SELECT scopes, notice, consent_statement FROM disclosure WHERE id = $1 AND organization_id = $2`,
      [referral.disclosureId, access.organizationId],
    );
    return { text: letterText(referral, access.client.preferredName, disclosure.scopes, { notice: disclosure.notice, consentStatement: disclosure.consent_statement }) };
  }

  private async lock(tx: EntityManager, organizationId: string, clientId: string, referralId: string): Promise<ReferralRow> {
    const [row]: ReferralRow[] = isUuidLike(referralId)
      ? await tx.query(`SELECT id, status, kind, service_id FROM referral WHERE id = $1 AND client_id = $2 AND organization_id = $3 FOR UPDATE`, [referralId, clientId, organizationId])
      : [];
    if (!row) throw Problem.notFound('referral');
    return row;
  }

  private async load(manager: EntityManager, organizationId: string, clientId: string, referralId: string): Promise<ReferralView> {
    const [row]: ReferralRow[] = isUuidLike(referralId)
      ? await manager.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE r.id = $1 AND r.client_id = $2 AND r.organization_id = $3`, [referralId, clientId, organizationId])
      : [];
    if (!row) throw Problem.notFound('referral');
    return this.withHistory(manager, row);
  }

  private async withHistory(manager: EntityManager, row: ReferralRow): Promise<ReferralView> {
    const events: { status: string; outcome: string | null; note: string | null; changed_by: string; changed_at: Date }[] = await manager.query(
      `SELECT status, outcome, note, changed_by, changed_at FROM referral_event WHERE referral_id = $1 ORDER BY seq`,
      [row.id],
    );
    return {
      id: row.id,
      clientId: row.client_id,
      serviceId: row.service_id,
      serviceName: row.service_name,
      kind: row.kind,
      status: row.status,
      outcome: row.outcome,
      note: row.note,
      sentVia: row.sent_via,
      disclosureId: row.disclosure_id,
      followUpAt: row.follow_up_at,
      createdBy: row.created_by,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      history: events.map((e) => ({ status: e.status, outcome: e.outcome, note: e.note, changedBy: e.changed_by, changedAt: e.changed_at })),
    };
  }

  private async history(tx: EntityManager, referralId: string, status: string, outcome: string | null, note: string | null, by: string, at: Date): Promise<void> {
    await tx.query(`INSERT INTO referral_event (referral_id, status, outcome, note, changed_by, changed_at) VALUES ($1, $2, $3, $4, $5, $6)`, [referralId, status, outcome, note, by, at]);
  }
}

/** What the recipient reads: only what the consent's scopes allow, then the §2.32 notice. */
function letterText(referral: ReferralView, clientName: string, scopes: readonly string[], disclosure: { notice: string; consentStatement: string }): string {
  const lines = [`Referral to ${referral.serviceName}`, '', `Client: ${clientName}`];
  if (scopes.includes('referral:clinical') && referral.note) lines.push(`Reason for referral: ${referral.note}`);
  lines.push('', disclosure.consentStatement, '', disclosure.notice);
  return lines.join('\n');
}

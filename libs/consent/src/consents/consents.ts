import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessPolicy, activeConsentSql } from '@attune/care';
import type { Actor } from '@attune/identity';
import { Clock, DomainEvents, Problem, Realtime, Rooms } from '@attune/platform';
import { SupporterAccounts } from '../supporters/supporter-accounts.js';
import { checkConsentElements, type NewConsent } from './consent-elements.js';
import { CONSENT_TEMPLATE_VERSION, REVOCATION_INSTRUCTIONS, renderConsent } from './consent-template.js';
import { CONSENT_COLUMNS, toConsentView, type ConsentRow, type ConsentView } from './consent-view.js';

/**
 * Consents under 42 CFR Part 2: recorded by the client's team with every §2.31 element and the exact text
 * signed; read by the client, their team and a supervisor; revoked in writing by the client or the team.
 * A revocation ends a supporter's access at once: the policy re-reads the consent on every request, and
 * after the commit the supporter's open sockets are told and closed.
 */
@Injectable()
export class Consents {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: AccessPolicy,
    private readonly supporters: SupporterAccounts,
    private readonly events: DomainEvents,
    private readonly realtime: Realtime,
    private readonly clock: Clock,
  ) {}

  async record(actor: Actor, clientId: string, input: NewConsent): Promise<ConsentView> {
    const access = await this.policy.require(actor, clientId, 'consents:manage', { action: 'consent.record' });
    const now = this.clock.now();
    const elements = checkConsentElements(input, now);
    const id = await this.db.transaction(async (tx) => {
      const [org]: { name: string }[] = await tx.query(`SELECT name FROM organization WHERE id = $1`, [access.organizationId]);
      const supporterUserId =
        elements.recipient.kind === 'supporter'
          ? await this.supporters.findOrCreate(tx, access.organizationId, elements.recipient.name, elements.recipient.phone!, access.client.timeZone, now)
          : null;
      if (supporterUserId === access.clientUserId) throw Problem.invalid('recipient.phone', "is the client's own account");
      const signedText = renderConsent({ clientName: access.client.preferredName, programme: org.name }, elements);
      const [row]: { id: string }[] = await tx.query(
        `INSERT INTO consent (organization_id, client_id, kind, discloser, scopes, recipient_kind, recipient_name, recipient_phone, supporter_user_id,
                              purpose, revocation_instructions, refusal_consequences, expires_at, expiry_event, signed_at, signature_method, signed_name,
                              template_version, signed_text, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) RETURNING id`,
        [
          access.organizationId, clientId, elements.kind, org.name, elements.scopes, elements.recipient.kind, elements.recipient.name, elements.recipient.phone,
          supporterUserId, elements.purpose, REVOCATION_INSTRUCTIONS, elements.refusalConsequences, elements.expiresAt, elements.expiryEvent,
          elements.signature.signedAt, elements.signature.method, elements.signature.signedName, CONSENT_TEMPLATE_VERSION, signedText, actor.userId, now,
        ],
      );
      return row.id;
    });
    return this.one(access.organizationId, clientId, id);
  }

  async list(actor: Actor, clientId: string): Promise<ConsentView[]> {
    const access = await this.policy.require(actor, clientId, 'consents:read', { action: 'consent.list' });
    const rows: ConsentRow[] = await this.db.query(
      `SELECT ${CONSENT_COLUMNS}, ${activeConsentSql('k', 'c', '$3')} AS active
         FROM consent k JOIN client c ON c.id = k.client_id
        WHERE k.organization_id = $1 AND k.client_id = $2 ORDER BY k.signed_at DESC, k.id`,
      [access.organizationId, clientId, this.clock.now()],
    );
    return rows.map(toConsentView);
  }

  /** The exact text the client signed, as stored (the client's copy). */
  async document(actor: Actor, clientId: string, consentId: string): Promise<string> {
    const access = await this.policy.require(actor, clientId, 'consents:read', { action: 'consent.download', subjectId: uuidOrNull(consentId) ?? undefined });
    const rows: { signed_text: string; revoked_at: Date | null; revocation_text: string | null }[] = uuidOrNull(consentId)
      ? await this.db.query(`SELECT signed_text, revoked_at, revocation_text FROM consent WHERE id = $1 AND organization_id = $2 AND client_id = $3`, [
          consentId,
          access.organizationId,
          clientId,
        ])
      : [];
    if (!rows[0]) throw Problem.notFound('consent');
    const r = rows[0];
    return r.revoked_at ? `${r.signed_text}\nREVOKED at ${r.revoked_at.toISOString()}: ${r.revocation_text}\n` : r.signed_text;
  }

  /** A written revocation (§2.31(a)(6)): the statement is kept with the consent; access ends now. */
  async revoke(actor: Actor, clientId: string, consentId: string, statement: string): Promise<ConsentView> {
    const access = await this.policy.require(actor, clientId, 'consents:manage', { action: 'consent.revoke', subjectId: uuidOrNull(consentId) ?? undefined });
    if (!uuidOrNull(consentId)) throw Problem.notFound('consent');
    if (typeof statement !== 'string' || statement.trim().length === 0) throw Problem.invalid('statement', 'is required: the revocation in writing');
    const now = this.clock.now();
    const { supporterUserId, followUps } = await this.db.transaction(async (tx) => {
      const rows: { supporter_user_id: string | null; revoked_at: Date | null }[] = await tx.query(
        `SELECT supporter_user_id, revoked_at FROM consent WHERE id = $1 AND organization_id = $2 AND client_id = $3 FOR UPDATE`,
        [consentId, access.organizationId, clientId],
      );
      if (!rows[0]) throw Problem.notFound('consent');
      if (rows[0].revoked_at) throw Problem.conflict('consentId', 'is already revoked');
      await tx.query(`UPDATE consent SET revoked_at = $2, revoked_by = $3, revocation_text = $4 WHERE id = $1`, [consentId, now, actor.userId, statement.trim()]);
      const followUps = await this.events.publish(tx, 'consent.revoked', {
        organizationId: access.organizationId,
        clientId,
        consentId,
        supporterUserId: rows[0].supporter_user_id,
        revokedAt: now.toISOString(),
      });
      return { supporterUserId: rows[0].supporter_user_id, followUps };
    });
    await this.events.afterCommit(followUps);
    if (supporterUserId) this.endSupporterSockets(supporterUserId);
    return this.one(access.organizationId, clientId, consentId);
  }

  /**
   * The realtime contract: tell the supporter's open sockets their access changed, then close them on every
   * node; a reconnect authenticates afresh and the policy decides again from the rows.
   */
  private endSupporterSockets(supporterUserId: string): void {
    const room = Rooms.user(supporterUserId);
    this.realtime.to(room).emit('session.ended', { reason: 'access_changed' });
    this.realtime.disconnect(room);
  }

  private async one(organizationId: string, clientId: string, consentId: string): Promise<ConsentView> {
    const rows: ConsentRow[] = await this.db.query(
      `SELECT ${CONSENT_COLUMNS}, ${activeConsentSql('k', 'c', '$4')} AS active
         FROM consent k JOIN client c ON c.id = k.client_id WHERE k.id = $1 AND k.organization_id = $2 AND k.client_id = $3`,
      [consentId, organizationId, clientId, this.clock.now()],
    );
    if (!rows[0]) throw Problem.notFound('consent');
    return toConsentView(rows[0]);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const uuidOrNull = (value: string): string | null => (UUID.test(value) ? value : null);

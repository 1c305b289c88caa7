import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessPolicy, activeConsentSql } from '@attune/care';
import type { Actor } from '@attune/identity';
import { Outbox } from '@attune/notifications';
import { Clock, DateTime, isUuidLike, Problem } from '@attune/platform';
import { JoinLinks } from '@attune/scheduling';
import { Disclosures } from '../disclosures/disclosures.js';
import type { DisclosureView } from '../disclosures/disclosure-view.js';
import { PART2_NOTICE_SHORT } from '../disclosures/part2-notice.js';

export interface FamilyInvitation {
  visitId: string;
  supporterUserId: string;
  consentId: string;
  invitedAt: Date;
  /** The accounting entry of this disclosure (the session's time and link). */
  disclosure: DisclosureView;
}

const INVITABLE_STATUSES = ['scheduled', 'confirmed'];

/**
 * Inviting a supporter to a visit (a family session). Only the client's team does it (visits:schedule),
 * only for a supporter whose active consent has `sessions:family`: otherwise 409 and nothing is sent.
 * The invitation is a disclosure (the session's time and link leave the programme): it is accounted with
 * the §2.32 notice, and the supporter gets a first-name-only, non-moderator join link (the lobby) by SMS.
 */
@Injectable()
export class FamilyInvitations {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: AccessPolicy,
    private readonly disclosures: Disclosures,
    private readonly joinLinks: JoinLinks,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async invite(actor: Actor, clientId: string, visitId: string, supporterUserId: string): Promise<FamilyInvitation> {
    const access = await this.policy.require(actor, clientId, 'visits:schedule', { action: 'visit.invite_supporter', subjectId: isUuidLike(visitId) ? visitId : undefined });
    if (!isUuidLike(visitId)) throw Problem.notFound('visit');
    if (!isUuidLike(supporterUserId)) throw Problem.invalid('supporterUserId', 'must be a supporter account id');
    const now = this.clock.now();
    const { invitation, messageId } = await this.db.transaction(async (tx) => {
      const visits: { starts_at: Date; ends_at: Date; time_zone: string; status: string }[] = await tx.query(
        `SELECT starts_at, ends_at, time_zone, status FROM visit WHERE id = $1 AND organization_id = $2 AND client_id = $3 FOR UPDATE`,
        [visitId, access.organizationId, clientId],
      );
      const visit = visits[0];
      if (!visit) throw Problem.notFound('visit');
      if (!INVITABLE_STATUSES.includes(visit.status) || visit.ends_at <= now) throw Problem.conflict('visitId', 'is not an upcoming visit');
      const consents: { id: string; recipient_name: string; phone: string }[] = await tx.query(
        `SELECT k.id, k.recipient_name, u.phone
           FROM consent k JOIN client c ON c.id = k.client_id JOIN user_account u ON u.id = k.supporter_user_id
          WHERE k.organization_id = $1 AND k.client_id = $2 AND k.supporter_user_id = $3 AND 'sessions:family' = ANY(k.scopes)
            AND ${activeConsentSql('k', 'c', '$4')}
          ORDER BY k.signed_at DESC LIMIT 1`,
        [access.organizationId, clientId, supporterUserId, now],
      );
      const consent = consents[0];
      if (!consent) throw Problem.conflict('supporterUserId', 'has no active consent with sessions:family for this client');
      const inserted: unknown[] = await tx.query(
        `INSERT INTO family_invitation (visit_id, supporter_user_id, organization_id, consent_id, invited_by, invited_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING visit_id`,
        [visitId, supporterUserId, access.organizationId, consent.id, actor.userId, now],
      );
      if (inserted.length === 0) throw Problem.conflict('supporterUserId', 'is already invited to this visit');
      const disclosure = await this.disclosures.disclose(tx, {
        organizationId: access.organizationId,
        clientId,
        recipient: consent.recipient_name,
        recipientUserId: supporterUserId,
        purpose: 'Invitation to a family session',
        description: 'Invitation to a family session: date, time and join link',
        scopes: ['sessions:family'],
        consentId: consent.id,
        disclosedBy: actor.userId,
      });
      const url = await this.joinLinks.issueGuest(tx, access.organizationId, visitId, supporterUserId, now);
      const when = DateTime.fromJSDate(visit.starts_at, { zone: visit.time_zone }).toFormat("ccc d LLL, HH:mm ZZZZ");
      // No client name and nothing about treatment: the text shows on a lock screen.
      const messageId = await this.outbox.stage(tx, {
        organizationId: access.organizationId,
        recipientUserId: supporterUserId,
        channel: 'sms',
        to: consent.phone,
        body: `Attune: you are invited to a session on ${when}. Join: ${url} ${PART2_NOTICE_SHORT}`,
      });
      return { invitation: { visitId, supporterUserId, consentId: consent.id, invitedAt: now, disclosure }, messageId };
    });
    await this.outbox.dispatch(messageId);
    return invitation;
  }
}


import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { activeConsentSql, DisclosureLedger, SCOPE_CAPABILITIES, type DisclosureReceipt, type SupporterRead } from '@attune/care';
import { Clock, isUuidLike, Problem } from '@attune/platform';
import { isConsentScope, READ_DESCRIPTIONS, scopeStatement, type ConsentScope } from '../consents/consent-scopes.js';
import { DISCLOSURE_COLUMNS, toDisclosureView, type DisclosureRow, type DisclosureView } from './disclosure-view.js';
import { PART2_NOTICE } from './part2-notice.js';

/** What a caller discloses (a referral, an export, an invitation): checked against an active consent. */
export interface DisclosureRequest {
  organizationId: string;
  clientId: string;
  /** Who receives it, as accounted: must be the consent's named recipient unless it names a class. */
  recipient: string;
  recipientUserId?: string | null;
  purpose: string;
  description: string;
  scopes: ConsentScope[];
  /** Disclose under this consent; otherwise the newest active consent that covers it. */
  consentId?: string;
  /** The person at the programme who discloses. */
  disclosedBy: string;
}


interface CoveringConsent {
  id: string;
  recipient_kind: string;
  recipient_name: string;
  purpose: string;
  scopes: string[];
  expires_at: Date | null;
  expiry_event: string | null;
  signed_at: Date;
}

/**
 * Disclosures: anything that leaves the programme. `disclose` is THE way out for client information
 * (referrals, exports, family invitations): inside the caller's transaction it finds an active consent
 * covering every scope, or refuses (403, nothing written); it records the accounting entry with the §2.32
 * notice and the consent's scope statement, which the caller sends along with the information.
 * A supporter's read is recorded the same way by the access policy (DisclosureLedger).
 * Reads by the care team, a supervisor or break-glass are uses, audited by the policy, never here.
 */
@Injectable()
export class Disclosures extends DisclosureLedger {
  // No AccessPolicy here: the policy itself depends on this ledger. Callers have asked the policy already.
  constructor(private readonly clock: Clock) {
    super();
  }

  async disclose(tx: EntityManager, request: DisclosureRequest): Promise<DisclosureView> {
    if (request.scopes.length === 0 || !request.scopes.every(isConsentScope)) throw Problem.invalid('scopes', 'must name consent scopes');
    if (!request.recipient.trim()) throw Problem.invalid('recipient', 'is required');
    if (!request.purpose.trim()) throw Problem.invalid('purpose', 'is required');
    const now = this.clock.now();
    const consent = await this.covering(tx, request, now);
    if (!consent) throw Problem.forbidden('consent: no active consent covers this disclosure to this recipient');
    return this.insert(tx, {
      organizationId: request.organizationId,
      clientId: request.clientId,
      consent,
      recipient: request.recipient.trim(),
      recipientUserId: request.recipientUserId ?? null,
      purpose: request.purpose.trim(),
      description: request.description,
      scopes: request.scopes,
      disclosedBy: request.disclosedBy,
      now,
    });
  }

  /** The policy allowed a supporter's read under `consentId`: account for it before the data leaves. */
  async recordSupporterRead(manager: EntityManager, read: SupporterRead): Promise<DisclosureReceipt> {
    const [consent]: CoveringConsent[] = await manager.query(
      `SELECT id, recipient_kind, recipient_name, purpose, scopes, expires_at, expiry_event, signed_at FROM consent WHERE id = $1 AND organization_id = $2`,
      [read.consentId, read.organizationId],
    );
    const scopes = consent.scopes.filter((s) => isConsentScope(s) && SCOPE_CAPABILITIES[s].includes(read.capability as never));
    const view = await this.insert(manager, {
      organizationId: read.organizationId,
      clientId: read.clientId,
      consent,
      recipient: consent.recipient_name,
      recipientUserId: read.supporterUserId,
      purpose: consent.purpose,
      description: READ_DESCRIPTIONS[read.capability] ?? read.action,
      scopes,
      disclosedBy: read.supporterUserId,
      now: this.clock.now(),
    });
    return { disclosureId: view.id, notice: view.notice, consentStatement: view.consentStatement };
  }

  private async covering(tx: EntityManager, request: DisclosureRequest, now: Date): Promise<CoveringConsent | null> {
    const rows: CoveringConsent[] = await tx.query(
      `SELECT k.id, k.recipient_kind, k.recipient_name, k.purpose, k.scopes, k.expires_at, k.expiry_event, k.signed_at
         FROM consent k JOIN client c ON c.id = k.client_id
        WHERE k.organization_id = $1 AND k.client_id = $2 AND k.scopes @> $3::text[] AND ($4::uuid IS NULL OR k.id = $4)
          AND (k.recipient_kind = 'class' OR lower(k.recipient_name) = lower($5))
          AND ${activeConsentSql('k', 'c', '$6')}
        ORDER BY k.signed_at DESC LIMIT 1 FOR SHARE OF k`,
      [request.organizationId, request.clientId, request.scopes, request.consentId && isUuidLike(request.consentId) ? request.consentId : null, request.recipient.trim(), now],
    );
    if (request.consentId && !isUuidLike(request.consentId)) return null;
    return rows[0] ?? null;
  }

  private async insert(
    manager: EntityManager,
    d: { organizationId: string; clientId: string; consent: CoveringConsent; recipient: string; recipientUserId: string | null; purpose: string; description: string; scopes: string[]; disclosedBy: string; now: Date },
  ): Promise<DisclosureView> {
    const statement = scopeStatement({
      id: d.consent.id,
      recipientName: d.consent.recipient_name,
      purpose: d.consent.purpose,
      scopes: d.consent.scopes,
      expiresAt: d.consent.expires_at,
      expiryEvent: d.consent.expiry_event,
      signedAt: d.consent.signed_at,
    });
    const [row]: DisclosureRow[] = await manager.query(
      `INSERT INTO disclosure (organization_id, client_id, basis, consent_id, recipient, recipient_user_id, purpose, description, scopes, disclosed_by, disclosed_at, notice, consent_statement)
       VALUES ($1, $2, 'consent', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${DISCLOSURE_COLUMNS}`,
      [d.organizationId, d.clientId, d.consent.id, d.recipient, d.recipientUserId, d.purpose, d.description, d.scopes, d.disclosedBy, d.now, PART2_NOTICE, statement],
    );
    return toDisclosureView(row);
  }
}


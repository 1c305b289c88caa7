import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessPolicy } from '@attune/care';
import type { Actor } from '@attune/identity';
import { Clock, Problem } from '@attune/platform';
import { DISCLOSURE_COLUMNS, summarise, toDisclosureView, type DisclosureRow, type DisclosureSummary, type DisclosureView } from './disclosure-view.js';
import { PART2_NOTICE } from './part2-notice.js';

export interface EmergencyDisclosure {
  recipient: string;
  description: string;
  reason: string;
}

/** §2.25: the accounting covers the three years before the request. */
const ACCOUNTING_YEARS = 3;

/** The client's accounting of disclosures, and medical-emergency disclosures recorded by staff. */
@Injectable()
export class DisclosureAccounting {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: AccessPolicy,
    private readonly clock: Clock,
  ) {}

  /** §2.51: a disclosure to medical personnel in a bona fide medical emergency, recorded as it happens. */
  async recordEmergency(actor: Actor, clientId: string, input: EmergencyDisclosure): Promise<DisclosureView> {
    for (const field of ['recipient', 'description', 'reason'] as const) {
      if (typeof input[field] !== 'string' || input[field].trim().length === 0) throw Problem.invalid(field, 'is required');
    }
    const access = await this.policy.require(actor, clientId, 'disclosures:emergency', { action: 'disclosure.emergency' });
    const now = this.clock.now();
    const [row]: DisclosureRow[] = await this.db.query(
      `INSERT INTO disclosure (organization_id, client_id, basis, recipient, purpose, description, scopes, disclosed_by, disclosed_at, notice, consent_statement, emergency_reason)
       VALUES ($1, $2, 'medical_emergency', $3, 'Medical emergency (42 CFR 2.51)', $4, '{}', $5, $6, $7, $8, $9) RETURNING ${DISCLOSURE_COLUMNS}`,
      [
        access.organizationId, clientId, input.recipient.trim(), input.description.trim(), actor.userId, now, PART2_NOTICE,
        'Disclosed without the patient’s consent to medical personnel to meet a bona fide medical emergency (42 CFR 2.51).', input.reason.trim(),
      ],
    );
    return toDisclosureView(row);
  }

  /** The client's accounting of disclosures for the last three years, newest first, or summarised. */
  async accounting(actor: Actor, clientId: string, summarised: boolean): Promise<DisclosureView[] | DisclosureSummary[]> {
    const access = await this.policy.require(actor, clientId, 'disclosures:read', { action: 'disclosure.accounting' });
    const now = this.clock.now();
    const since = new Date(now);
    since.setUTCFullYear(since.getUTCFullYear() - ACCOUNTING_YEARS);
    const rows: DisclosureRow[] = await this.db.query(
      `SELECT ${DISCLOSURE_COLUMNS} FROM disclosure WHERE organization_id = $1 AND client_id = $2 AND disclosed_at >= $3 ORDER BY disclosed_at DESC, id`,
      [access.organizationId, clientId, since],
    );
    const lines = rows.map(toDisclosureView);
    return summarised ? summarise(lines) : lines;
  }

}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessPolicy, AuditTrail } from '@attune/care';
import type { Actor } from '@attune/identity';
import { Clock, Problem } from '@attune/platform';

export const INTEGRATIONS = ['sms', 'email', 'video', 'hosting'] as const;
export type Integration = (typeof INTEGRATIONS)[number];
/** qsoa: qualified service organisation agreement (42 CFR 2.11); baa: HIPAA business associate agreement. */
export const AGREEMENT_KINDS = ['qsoa', 'baa', 'qsoa_baa'] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];

export interface NewServiceAgreement {
  integration: Integration;
  vendor: string;
  agreementKind: AgreementKind;
  effectiveOn: string;
  expiresOn?: string | null;
  reference?: string | null;
}

export interface ServiceAgreementView extends Required<NewServiceAgreement> {
  id: string;
  recordedBy: string;
  recordedAt: Date;
  endedAt: Date | null;
}

const COLUMNS = `id, integration, vendor, agreement_kind, to_char(effective_on, 'YYYY-MM-DD') AS effective_on,
  to_char(expires_on, 'YYYY-MM-DD') AS expires_on, reference, recorded_by, recorded_at, ended_at`;
interface Row {
  id: string;
  integration: Integration;
  vendor: string;
  agreement_kind: AgreementKind;
  effective_on: string;
  expires_on: string | null;
  reference: string | null;
  recorded_by: string;
  recorded_at: Date;
  ended_at: Date | null;
}
const toView = (r: Row): ServiceAgreementView => ({
  id: r.id,
  integration: r.integration,
  vendor: r.vendor,
  agreementKind: r.agreement_kind,
  effectiveOn: r.effective_on,
  expiresOn: r.expires_on,
  reference: r.reference,
  recordedBy: r.recorded_by,
  recordedAt: r.recorded_at,
  endedAt: r.ended_at,
});

/**
 * Vendors that process client data for the programme (SMS, email, video, hosting) are covered by a
 * service-provider agreement per integration, recorded here by an admin; this is not client consent and
 * sending through them is not a disclosure to be accounted.
 */
@Injectable()
export class ServiceAgreements {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: AccessPolicy,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor): Promise<ServiceAgreementView[]> {
    await this.policy.requireOrganization(actor, 'service-agreements:manage');
    const rows: Row[] = await this.db.query(`SELECT ${COLUMNS} FROM service_provider_agreement WHERE organization_id = $1 ORDER BY integration, recorded_at`, [
      actor.organizationId,
    ]);
    return rows.map(toView);
  }

  async record(actor: Actor, input: NewServiceAgreement): Promise<ServiceAgreementView> {
    await this.policy.requireOrganization(actor, 'service-agreements:manage');
    if (input.expiresOn && input.expiresOn <= input.effectiveOn) throw Problem.invalid('expiresOn', 'must be after effectiveOn');
    return this.db.transaction(async (tx) => {
      const rows: Row[] = await tx.query(
        `INSERT INTO service_provider_agreement (organization_id, integration, vendor, agreement_kind, effective_on, expires_on, reference, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
        [actor.organizationId, input.integration, input.vendor.trim(), input.agreementKind, input.effectiveOn, input.expiresOn ?? null, input.reference ?? null, actor.userId, this.clock.now()],
      );
      if (!rows[0]) throw Problem.conflict('vendor', 'already has a live agreement for this integration; end it first');
      await this.audit.record(
        { organizationId: actor.organizationId, actorUserId: actor.userId, actorRole: actor.role, action: 'service_agreement.record', subjectId: rows[0].id, outcome: 'allowed' },
        tx,
      );
      return toView(rows[0]);
    });
  }

  async end(actor: Actor, agreementId: string): Promise<ServiceAgreementView> {
    await this.policy.requireOrganization(actor, 'service-agreements:manage');
    if (!/^[0-9a-f-]{36}$/i.test(agreementId)) throw Problem.notFound('service agreement');
    return this.db.transaction(async (tx) => {
      const rows: Row[] = await tx.query(
        `UPDATE service_provider_agreement SET ended_at = $3 WHERE id = $1 AND organization_id = $2 AND ended_at IS NULL RETURNING ${COLUMNS}`,
        [agreementId, actor.organizationId, this.clock.now()],
      );
      if (!rows[0]) throw Problem.notFound('service agreement');
      await this.audit.record(
        { organizationId: actor.organizationId, actorUserId: actor.userId, actorRole: actor.role, action: 'service_agreement.end', subjectId: agreementId, outcome: 'allowed' },
        tx,
      );
      return toView(rows[0]);
    });
  }
}

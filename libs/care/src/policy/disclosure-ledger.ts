import type { EntityManager } from 'typeorm';

/**
 * When a consent is in force (42 CFR 2.31): signed, not revoked, not past its expiry date, and not ended
 * by the event it names (`end_of_treatment`: the client is discharged). One SQL condition, used by the
 * access policy's facts query and by libs/consent, so both agree at the same instant.
 * `consent` and `client` are the aliases; `at` is the parameter holding the instant.
 */
export const activeConsentSql = (consent: string, client: string, at: string) =>
  `(${consent}.revoked_at IS NULL AND ${consent}.signed_at <= ${at}
    AND (${consent}.expires_at IS NULL OR ${consent}.expires_at > ${at})
    AND (${consent}.expiry_event IS DISTINCT FROM 'end_of_treatment' OR ${client}.status <> 'discharged'))`;

/** A supporter read the policy allowed under a consent: a disclosure, to be accounted before data leaves. */
export interface SupporterRead {
  organizationId: string;
  clientId: string;
  consentId: string;
  supporterUserId: string;
  capability: string;
  action: string;
}

/** What accompanies every disclosure (§2.32): the notice and the consent's scope, in words. */
export interface DisclosureReceipt {
  disclosureId: string;
  notice: string;
  consentStatement: string;
}

/** What a read carries with its data: the §2.32 notice and the consent's scope when a supporter read it (a disclosure), null for a use. */
export interface Disclosed<T> {
  data: T;
  disclosure: DisclosureReceipt | null;
}

/**
 * Records disclosures for the access policy (dependency inversion: care must not import libs/consent,
 * which builds on care). libs/consent provides it; where it is absent, a supporter basis is refused.
 */
export abstract class DisclosureLedger {
  abstract recordSupporterRead(manager: EntityManager, read: SupporterRead): Promise<DisclosureReceipt>;
}

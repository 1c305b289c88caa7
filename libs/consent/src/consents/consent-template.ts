import type { ConsentElements } from './consent-elements.js';
import { SCOPE_WORDING } from './consent-scopes.js';

/** Bump when the wording changes: each consent keeps the version and the exact text it was signed with. */
export const CONSENT_TEMPLATE_VERSION = 'part2-2024.1';

export const REVOCATION_INSTRUCTIONS =
  'You may revoke this consent at any time, in writing: use "Withdraw consent" in the Attune app, or give or send a ' +
  'signed note to your care team. Revocation does not undo a disclosure already made in reliance on this consent.';

const REDISCLOSURE_TPO =
  'Once disclosed for treatment, payment or health care operations to a covered entity or business associate, this ' +
  'information may be further disclosed by that recipient as permitted by the HIPAA regulations (45 CFR part 164), ' +
  'except for uses and disclosures for civil, criminal, administrative and legislative proceedings against you.';

const NOT_A_CONDITION = 'Your treatment, payment, enrolment and eligibility for benefits do not depend on signing this consent.';

const SIGNATURE_METHOD_WORDS = { electronic: 'electronic signature', wet_ink: 'signature on paper', verbal_witnessed: 'verbal consent, witnessed' } as const;

export interface ConsentParties {
  clientName: string;
  programme: string;
}

/** The consent form, rendered with its elements: the text the client signs and can download. */
export function renderConsent(parties: ConsentParties, e: ConsentElements): string {
  const title =
    e.kind === 'counselling_notes'
      ? 'CONSENT TO DISCLOSE COUNSELLING NOTES (42 CFR part 2)'
      : e.kind === 'tpo'
        ? 'CONSENT TO USE AND DISCLOSE FOR TREATMENT, PAYMENT AND HEALTH CARE OPERATIONS (42 CFR 2.31)'
        : 'CONSENT TO DISCLOSE SUBSTANCE USE DISORDER RECORDS (42 CFR 2.31)';
  const expiry = [
    e.expiresAt ? `on ${e.expiresAt.toISOString()}` : null,
    e.expiryEvent === 'end_of_treatment' ? 'when my treatment in the programme ends (I am discharged)' : null,
  ]
    .filter(Boolean)
    .join(', or ');
  const lines = [
    title,
    `Template version: ${CONSENT_TEMPLATE_VERSION}`,
    '',
    `1. Patient: ${parties.clientName}`,
    `2. Who may disclose: ${parties.programme}`,
    `3. What information may be disclosed: ${e.scopes.map((s) => SCOPE_WORDING[s]).join('; ')}`,
    `4. To whom: ${e.recipient.name}${e.recipient.kind === 'class' ? ' (a class of recipients)' : ''}`,
    `5. Purpose: ${e.purpose}`,
    `6. Right to revoke: ${REVOCATION_INSTRUCTIONS}`,
    `7. This consent expires ${expiry}, unless I revoke it earlier.`,
  ];
  if (e.kind === 'tpo') {
    lines.push(`8. If I do not sign: ${e.refusalConsequences}`, `9. Redisclosure: ${REDISCLOSURE_TPO}`);
  }
  if (e.kind === 'counselling_notes') {
    lines.push('8. This consent covers counselling notes only and is separate from any other consent.');
  }
  lines.push('', NOT_A_CONDITION, '', `Signed: ${e.signature.signedName} (${SIGNATURE_METHOD_WORDS[e.signature.method]}) at ${e.signature.signedAt.toISOString()}`);
  return lines.join('\n') + '\n';
}

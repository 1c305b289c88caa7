import { Problem } from '@attune/platform';
import { isConsentScope, type ConsentScope } from './consent-scopes.js';

export const CONSENT_KINDS = ['general', 'tpo', 'counselling_notes'] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];
export const RECIPIENT_KINDS = ['supporter', 'provider', 'class'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];
export const SIGNATURE_METHODS = ['electronic', 'wet_ink', 'verbal_witnessed'] as const;
export type SignatureMethod = (typeof SIGNATURE_METHODS)[number];
export const EXPIRY_EVENTS = ['end_of_treatment'] as const;
export type ExpiryEvent = (typeof EXPIRY_EVENTS)[number];

/** A consent as submitted: every §2.31 element is checked here, so a missing one is named (422). */
export interface NewConsent {
  kind?: ConsentKind;
  scopes?: string[];
  recipient?: { kind?: RecipientKind; name?: string; phone?: string | null };
  purpose?: string;
  expiresAt?: Date | null;
  expiryEvent?: ExpiryEvent | null;
  signature?: { signedName?: string; method?: SignatureMethod; signedAt?: Date };
  /** TPO consents: what happens if the client does not sign (§2.31(a)(4)(i)). */
  refusalConsequences?: string | null;
}

/** The elements once checked: nothing optional that the form needs. */
export interface ConsentElements {
  kind: ConsentKind;
  scopes: ConsentScope[];
  recipient: { kind: RecipientKind; name: string; phone: string | null };
  purpose: string;
  expiresAt: Date | null;
  expiryEvent: ExpiryEvent | null;
  signature: { signedName: string; method: SignatureMethod; signedAt: Date };
  refusalConsequences: string | null;
}

const E164 = /^\+[1-9][0-9]{6,14}$/;
const text = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;

/**
 * §2.31(a): the client; who may disclose (the programme, filled in from the organisation); how much and
 * what kind (scopes); the recipient; the purpose; the right to revoke and how (in the template); expiry as
 * a date or an event; signature and date. Missing or wrong → 422 naming the element, nothing written.
 */
export function checkConsentElements(input: NewConsent, now: Date): ConsentElements {
  const kind = input.kind ?? 'general';
  const scopes = input.scopes ?? [];
  if (scopes.length === 0) throw Problem.invalid('scopes', 'is required: what information may be disclosed');
  const unknown = scopes.find((s) => !isConsentScope(s));
  if (unknown !== undefined) throw Problem.invalid('scopes', `"${String(unknown)}" is not one of the consent scopes`);
  const unique = [...new Set(scopes)] as ConsentScope[];
  const notes = unique.includes('counselling-notes');
  if (notes && unique.length > 1) throw Problem.invalid('scopes', 'counselling-notes is consented to on its own, never combined with other information');
  if (notes && kind !== 'counselling_notes') throw Problem.invalid('kind', 'counselling-notes needs a consent of kind counselling_notes');
  if (!notes && kind === 'counselling_notes') throw Problem.invalid('scopes', 'a counselling_notes consent covers counselling-notes only');

  const recipient = input.recipient;
  if (!recipient) throw Problem.invalid('recipient', 'is required: who receives the information');
  if (!recipient.kind) throw Problem.invalid('recipient.kind', 'is required: supporter, provider or class');
  if (!text(recipient.name)) throw Problem.invalid('recipient.name', 'is required: the person, organisation or class of recipients');
  const phone = recipient.phone ?? null;
  if (recipient.kind === 'supporter' && !phone) throw Problem.invalid('recipient.phone', "is required for a supporter: they sign in with a code sent to it");
  if (phone !== null && !E164.test(phone)) throw Problem.invalid('recipient.phone', 'must be an E.164 number, e.g. +15551234567');

  if (!text(input.purpose)) throw Problem.invalid('purpose', 'is required: why the information is disclosed');

  const expiresAt = input.expiresAt ?? null;
  const expiryEvent = input.expiryEvent ?? null;
  if (!expiresAt && !expiryEvent) throw Problem.invalid('expiresAt', 'is required (or expiryEvent): when the consent ends');
  if (expiresAt && expiresAt.getTime() <= now.getTime()) throw Problem.invalid('expiresAt', 'is in the past');

  const signature = input.signature;
  if (!signature) throw Problem.invalid('signature', 'is required: the client signs the consent');
  if (!text(signature.signedName)) throw Problem.invalid('signature.signedName', 'is required: the name the client signed with');
  if (!signature.method) throw Problem.invalid('signature.method', 'is required: electronic, wet_ink or verbal_witnessed');
  if (!signature.signedAt) throw Problem.invalid('signature.signedAt', 'is required: when the client signed');
  if (signature.signedAt.getTime() > now.getTime() + 5 * 60_000) throw Problem.invalid('signature.signedAt', 'is in the future');
  if (expiresAt && expiresAt.getTime() <= signature.signedAt.getTime()) throw Problem.invalid('expiresAt', 'is before the signature');

  const refusalConsequences = input.refusalConsequences?.trim() || null;
  if (kind === 'tpo' && !refusalConsequences) {
    throw Problem.invalid('refusalConsequences', 'is required for a treatment, payment and operations consent: what happens if the client does not sign');
  }
  return {
    kind,
    scopes: unique,
    recipient: { kind: recipient.kind, name: recipient.name.trim(), phone },
    purpose: input.purpose.trim(),
    expiresAt,
    expiryEvent,
    signature: { signedName: signature.signedName.trim(), method: signature.method, signedAt: signature.signedAt },
    refusalConsequences,
  };
}

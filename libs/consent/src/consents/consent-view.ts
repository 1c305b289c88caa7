import type { ConsentKind, ExpiryEvent, RecipientKind, SignatureMethod } from './consent-elements.js';

/** A consent as the client and their team see it (the signed text is downloaded separately). */
export interface ConsentView {
  id: string;
  clientId: string;
  kind: ConsentKind;
  discloser: string;
  scopes: string[];
  recipient: { kind: RecipientKind; name: string; supporterUserId: string | null };
  purpose: string;
  revocationInstructions: string;
  expiresAt: Date | null;
  expiryEvent: ExpiryEvent | null;
  refusalConsequences: string | null;
  signature: { signedName: string; method: SignatureMethod; signedAt: Date };
  templateVersion: string;
  status: 'active' | 'revoked' | 'expired';
  revokedAt: Date | null;
}

export interface ConsentRow {
  id: string;
  client_id: string;
  kind: ConsentKind;
  discloser: string;
  scopes: string[];
  recipient_kind: RecipientKind;
  recipient_name: string;
  supporter_user_id: string | null;
  purpose: string;
  revocation_instructions: string;
  expires_at: Date | null;
  expiry_event: ExpiryEvent | null;
  refusal_consequences: string | null;
  signed_name: string;
  signature_method: SignatureMethod;
  signed_at: Date;
  template_version: string;
  revoked_at: Date | null;
  active: boolean;
}

export const CONSENT_COLUMNS = `k.id, k.client_id, k.kind, k.discloser, k.scopes, k.recipient_kind, k.recipient_name, k.supporter_user_id, k.purpose,
  k.revocation_instructions, k.expires_at, k.expiry_event, k.refusal_consequences, k.signed_name, k.signature_method, k.signed_at,
  k.template_version, k.revoked_at`;

export function toConsentView(r: ConsentRow): ConsentView {
  return {
    id: r.id,
    clientId: r.client_id,
    kind: r.kind,
    discloser: r.discloser,
    scopes: r.scopes,
    recipient: { kind: r.recipient_kind, name: r.recipient_name, supporterUserId: r.supporter_user_id },
    purpose: r.purpose,
    revocationInstructions: r.revocation_instructions,
    expiresAt: r.expires_at,
    expiryEvent: r.expiry_event,
    refusalConsequences: r.refusal_consequences,
    signature: { signedName: r.signed_name, method: r.signature_method, signedAt: r.signed_at },
    templateVersion: r.template_version,
    status: r.revoked_at ? 'revoked' : r.active ? 'active' : 'expired',
    revokedAt: r.revoked_at,
  };
}

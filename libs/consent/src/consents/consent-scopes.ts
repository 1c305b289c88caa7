import { CONSENT_SCOPES, type ConsentScope } from '@attune/care';

export { CONSENT_SCOPES, type ConsentScope };

/** Each scope in the words a consent form and an accounting use (§2.31(a)(3): how much and what kind). */
export const SCOPE_WORDING: Record<ConsentScope, string> = {
  'sessions:family': 'the dates, times and join links of family sessions I am invited to attend',
  'plan:coping': 'the coping steps of my relapse-prevention plan (not its triggers, warning signs or the people in it)',
  'progress:summary': 'a short summary of my progress in the programme (weeks in the programme, sessions attended)',
  'referral:basic': 'my name, contact details and the service I am referred for',
  'referral:clinical': 'the clinical information a referral needs (diagnoses, medications, relevant treatment history)',
  'counselling-notes': 'counselling (psychotherapy) notes about me',
};

/** What one supporter read discloses, by the capability the policy granted. */
export const READ_DESCRIPTIONS: Record<string, string> = {
  'family-sessions:read': 'Upcoming family sessions: dates, times and join links',
  'plan:read-coping': "Coping steps from the client's relapse-prevention plan",
  'progress:read-summary': 'Summary of progress in the programme',
};

export const isConsentScope = (value: unknown): value is ConsentScope => typeof value === 'string' && (CONSENT_SCOPES as readonly string[]).includes(value);

/** A clear statement of a consent's scope, sent with each disclosure (§2.32(b)) instead of the whole form. */
export function scopeStatement(consent: { id: string; recipientName: string; purpose: string; scopes: string[]; expiresAt: Date | null; expiryEvent: string | null; signedAt: Date }): string {
  const what = consent.scopes.map((s) => SCOPE_WORDING[s as ConsentScope] ?? s).join('; ');
  const until = [consent.expiresAt ? `until ${consent.expiresAt.toISOString()}` : null, consent.expiryEvent === 'end_of_treatment' ? 'until the end of treatment' : null]
    .filter(Boolean)
    .join(' or ');
  return `Disclosed under consent ${consent.id}, signed ${consent.signedAt.toISOString()}, to ${consent.recipientName} for: ${consent.purpose}. ` +
    `Information covered: ${what}. Valid ${until}, unless revoked earlier.`;
}

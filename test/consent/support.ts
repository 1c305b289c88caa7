import { tokenFor, type Person } from '@attune/testing';
import { api } from '../scheduling/support.js';
import type { TestApp } from '../support/test-app.js';

export { api, LONG_TOKENS, type Api } from '../scheduling/support.js';

const DAY = 86_400_000;

/** A complete supporter consent (every §2.31 element), signed now and valid for 90 days unless changed. */
export function supporterConsent(t: TestApp, phone: string, overrides: Record<string, unknown> = {}) {
  const now = t.clock.now();
  return {
    kind: 'general',
    scopes: ['sessions:family', 'progress:summary'],
    recipient: { kind: 'supporter', name: 'Maria Lopez', phone },
    purpose: 'To support my recovery',
    expiresAt: new Date(now.getTime() + 90 * DAY).toISOString(),
    signature: { signedName: 'Jordan Client', method: 'electronic', signedAt: now.toISOString() },
    ...overrides,
  };
}

/** Records a consent as `token` (a team member) and signs its supporter in. */
export async function consentedSupporter(t: TestApp, token: string, clientId: string, organizationId: string, phone: string, overrides: Record<string, unknown> = {}) {
  const res = await api(t, token).post(`/clients/${clientId}/consents`, supporterConsent(t, phone, overrides));
  if (res.status !== 201) throw new Error(`consent answered ${res.status}: ${JSON.stringify(res.body)}`);
  const supporter: Person = { userId: res.body.recipient.supporterUserId, organizationId, role: 'supporter', email: null, phone };
  return { consentId: res.body.id as string, supporter, token: await tokenFor(t.app, t.db, supporter) };
}

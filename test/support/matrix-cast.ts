import { expect } from '@jest/globals';
import { auditEventsAfter, createCareTeam, createClient, createOrganization, createStaff, fakePhone, lastAuditEventId, tokenFor, type AuditRow, type ClientRecord, type Person } from '@attune/testing';
import type { TestApp } from './test-app.js';

/** Every kind of person a route × actor matrix calls a client route as (the same in every matrix). */
export const MATRIX_ACTORS = [
  'clinician', // on the client's team
  'peerCoach', // on the team
  'caseManager', // on the team
  'colleague', // a clinician of the same organisation, not on the team
  'supervisor',
  'admin',
  'self', // the client
  'otherClient', // another client of the same organisation
  'otherOrgStaff', // a clinician of another organisation
  'otherOrgAdmin',
  'anonymous', // no token
  'breakGlass', // a case manager of the same organisation, not on the team, with an active break-glass grant
  'supporter', // a family member whose active consent covers SUPPORTER_SCOPES of the client (42 CFR Part 2), nothing else
] as const;

/** What the matrix supporter's consent lets them receive. Every other route refuses them (403: the consent names the client). */
export const SUPPORTER_SCOPES = ['sessions:family', 'progress:summary'];
export type MatrixActor = (typeof MATRIX_ACTORS)[number];

export interface MatrixCast {
  client: ClientRecord;
  /** The supporter's consent (SUPPORTER_SCOPES, valid a year). */
  supporterConsentId: string;
  supervisorUserId: string;
  people: Record<Exclude<MatrixActor, 'anonymous'>, Person>;
  /** A token per actor; `anonymous` has none. */
  tokens: Map<MatrixActor, string>;
}

/** Creates the cast around one client's care team, signs everyone in and opens the break-glass grant. */
export async function createMatrixCast(t: TestApp): Promise<MatrixCast> {
  const org = await createOrganization(t.db);
  const team = await createCareTeam(t.db, org);
  const otherOrg = await createOrganization(t.db);
  const supervised = { supervisorUserId: team.supervisor.userId };
  const people: Omit<MatrixCast['people'], 'supporter'> & Partial<Pick<MatrixCast['people'], 'supporter'>> = {
    clinician: team.clinician,
    peerCoach: team.peerCoach,
    caseManager: team.caseManager,
    colleague: await createStaff(t.db, org, 'clinician', supervised),
    supervisor: team.supervisor,
    admin: team.admin,
    self: team.client,
    otherClient: await createClient(t.db, org),
    otherOrgStaff: await createStaff(t.db, otherOrg, 'clinician'),
    otherOrgAdmin: await createStaff(t.db, otherOrg, 'admin'),
    breakGlass: await createStaff(t.db, org, 'case_manager', supervised),
  };
  const tokens = new Map<MatrixActor, string>();
  for (const [name, person] of Object.entries(people)) tokens.set(name as MatrixActor, await tokenFor(t.app, t.db, person));
  const { consentId, supporter } = await consentedSupporter(t, team.client, tokens.get('clinician')!);
  people.supporter = supporter;
  tokens.set('supporter', await tokenFor(t.app, t.db, supporter));
  const grant = await fetch(`${t.url}/api/v1/clients/${team.client.clientId}/break-glass`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.get('breakGlass')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ reason: 'Client called the crisis line; their team is off shift' }),
  });
  if (grant.status !== 201) throw new Error(`break-glass for the matrix cast answered ${grant.status}`);
  return { client: team.client, supporterConsentId: consentId, supervisorUserId: team.supervisor.userId, people: people as MatrixCast['people'], tokens };
}

/** Records a signed consent for a supporter through the API, as the client's clinician would. */
async function consentedSupporter(t: TestApp, client: ClientRecord, clinicianToken: string): Promise<{ consentId: string; supporter: Person }> {
  const now = t.clock.now();
  const phone = fakePhone();
  const res = await fetch(`${t.url}/api/v1/clients/${client.clientId}/consents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${clinicianToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      scopes: SUPPORTER_SCOPES,
      recipient: { kind: 'supporter', name: 'Matrix Supporter', phone },
      purpose: 'To support my recovery',
      expiresAt: new Date(now.getTime() + 365 * 86_400_000).toISOString(),
      signature: { signedName: client.preferredName, method: 'electronic', signedAt: now.toISOString() },
    }),
  });
  const body = (await res.json()) as { id: string; recipient: { supporterUserId: string } };
  if (res.status !== 201) throw new Error(`the matrix supporter's consent answered ${res.status}`);
  return { consentId: body.id, supporter: { userId: body.recipient.supporterUserId, organizationId: client.organizationId, role: 'supporter', email: null, phone } };
}

const AUDIT_OUTCOME = { 200: 'allowed', 201: 'allowed', 204: 'allowed', 403: 'denied', 404: 'not_found' } as const;

/**
 * What one matrix cell must leave on the audit trail: among the caller's events about the subject (the
 * client, or a thread of theirs) the decision the answer implies; a request id on each; and a 404 (a probe
 * of a client one may not know) never linked to the record.
 */
export function expectDecisionAudited(events: AuditRow[], actorUserId: string, subjectIds: string[], expected: number): void {
  const mine = events.filter((e) => e.actor_user_id === actorUserId);
  const about = mine.filter((e) => subjectIds.includes(e.client_id ?? '') || subjectIds.includes(e.subject_id ?? ''));
  expect(about.map((e) => e.outcome)).toContain(AUDIT_OUTCOME[expected as keyof typeof AUDIT_OUTCOME]);
  expect(mine.every((e) => e.request_id)).toBe(true);
  if (expected === 404) expect(about.every((e) => e.client_id === null)).toBe(true);
}

/** One cell of a route × actor matrix. */
export interface MatrixCell {
  route: string;
  actor: MatrixActor;
  expected: number;
  /** The records the decision is about (the client, a thread of theirs…). */
  subjectIds: string[];
  /** Whose events a route's own setup may leave (it calls as this user before the cell's call). */
  setupBy?: string;
}

/**
 * Runs one cell: the answer the actor gets, then the audit event the decision left (`expectDecisionAudited`);
 * nobody's token, no decision, no event (but the setup's own).
 */
export async function expectMatrixCell(t: TestApp, people: MatrixCast['people'], cell: MatrixCell, call: () => PromiseLike<{ status: number }>): Promise<void> {
  const before = await lastAuditEventId(t.db);
  const res = await call();
  expect({ route: cell.route, actor: cell.actor, answer: res.status }).toEqual({ route: cell.route, actor: cell.actor, answer: cell.expected });
  const events = await auditEventsAfter(t.db, before);
  if (cell.actor === 'anonymous') {
    expect(events.filter((e) => e.actor_user_id !== cell.setupBy)).toEqual([]);
    return;
  }
  expectDecisionAudited(events, people[cell.actor].userId, cell.subjectIds, cell.expected);
}

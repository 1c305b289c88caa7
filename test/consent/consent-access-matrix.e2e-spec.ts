import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { auditEventsAfter, fakePhone, lastAuditEventId, type ClientRecord, type Person } from '@attune/testing';
import { createMatrixCast, MATRIX_ACTORS, type MatrixActor, expectDecisionAudited } from '../support/matrix-cast.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { api, LONG_TOKENS, type Api } from './support.js';

/**
 * The consent routes × every kind of actor (the sibling of test/care/access-matrix.e2e-spec.ts). The matrix
 * supporter's consent covers sessions:family and progress:summary: they read those two routes (each read a
 * disclosure) and nothing else. Organisation routes (`org: true`) touch no client: only the answer is checked.
 */
type Outcome = 200 | 201 | 401 | 403 | 404;
type ActorName = MatrixActor;

// prettier-ignore
const EXPECTED: Record<RouteName, Record<ActorName, Outcome>> = {
  //                           team members                                  not on the team  oversight                  the client  others                                                                        emergency       family
  'POST consent':             { clinician: 201, peerCoach: 201, caseManager: 201, colleague: 403, supervisor: 403, admin: 403, self: 201, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'GET consents':             { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 200, admin: 403, self: 200, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'GET consent document':     { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 200, admin: 403, self: 200, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'POST revoke consent':      { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 403, admin: 403, self: 200, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'GET disclosures':          { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 200, admin: 403, self: 200, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'POST emergency disclosure':{ clinician: 201, peerCoach: 201, caseManager: 201, colleague: 403, supervisor: 201, admin: 403, self: 403, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'GET family sessions':      { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 200, admin: 403, self: 200, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 200 },
  'GET progress summary':     { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 200, admin: 403, self: 200, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 200 },
  'POST family invitation':   { clinician: 201, peerCoach: 201, caseManager: 201, colleague: 403, supervisor: 403, admin: 403, self: 403, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'GET supporter consents':   { clinician: 403, peerCoach: 403, caseManager: 403, colleague: 403, supervisor: 403, admin: 403, self: 403, otherClient: 403, otherOrgStaff: 403, otherOrgAdmin: 403, anonymous: 401, breakGlass: 403, supporter: 200 },
  'GET service agreements':   { clinician: 403, peerCoach: 403, caseManager: 403, colleague: 403, supervisor: 403, admin: 200, self: 403, otherClient: 403, otherOrgStaff: 403, otherOrgAdmin: 200, anonymous: 401, breakGlass: 403, supporter: 403 },
};

interface World {
  t: TestApp;
  client: ClientRecord;
  consentId: string;
  people: Record<Exclude<ActorName, 'anonymous'>, Person>;
  clinicianApi: Api;
}

const DAY = 86_400_000;
const consentBody = (w: World, recipient: object) => {
  const now = w.t.clock.now();
  return {
    scopes: ['referral:basic'],
    recipient,
    purpose: 'Referral for housing',
    expiresAt: new Date(now.getTime() + 30 * DAY).toISOString(),
    signature: { signedName: w.client.preferredName, method: 'electronic', signedAt: now.toISOString() },
  };
};

/** A consent of its own for each revocation, recorded by the clinician. */
async function freshConsent(w: World): Promise<string> {
  const res = await w.clinicianApi.post(`/clients/${w.client.clientId}/consents`, consentBody(w, { kind: 'provider', name: 'Sunrise Housing' }));
  if (res.status !== 201) throw new Error(`consent answered ${res.status}`);
  return (res.body as { id: string }).id;
}

let slot = 0;
/** A fresh upcoming visit for each invitation. */
async function freshVisit(w: World): Promise<string> {
  const startsAt = new Date(w.t.clock.now().getTime() + 20 * DAY + ++slot * 2 * 3600_000);
  const endsAt = new Date(startsAt.getTime() + 3600_000);
  const [row] = await w.t.db.query<{ id: string }[]>(
    `INSERT INTO visit (organization_id, client_id, kind, starts_at, ends_at, time_zone, busy_from, busy_until, status, created_by, created_at, updated_at)
     VALUES ($1, $2, 'group', $3, $4, 'America/Chicago', $3, $4, 'scheduled', $5, now(), now()) RETURNING id`,
    [w.client.organizationId, w.client.clientId, startsAt, endsAt, w.people.clinician.userId],
  );
  return row.id;
}

const ROUTES = {
  'POST consent': { call: (w: World, as: Api) => as.post(`/clients/${w.client.clientId}/consents`, consentBody(w, { kind: 'supporter', name: 'A Friend', phone: fakePhone() })) },
  'GET consents': { call: (w: World, as: Api) => as.get(`/clients/${w.client.clientId}/consents`) },
  'GET consent document': { call: (w: World, as: Api) => as.get(`/clients/${w.client.clientId}/consents/${w.consentId}/document`) },
  'POST revoke consent': { call: async (w: World, as: Api) => as.post(`/clients/${w.client.clientId}/consents/${await freshConsent(w)}/revoke`, { statement: 'I withdraw it.' }) },
  'GET disclosures': { call: (w: World, as: Api) => as.get(`/clients/${w.client.clientId}/disclosures`) },
  'POST emergency disclosure': {
    call: (w: World, as: Api) => as.post(`/clients/${w.client.clientId}/emergency-disclosures`, { recipient: 'County Hospital ED', description: 'Medications', reason: 'Overdose' }),
  },
  'GET family sessions': { call: (w: World, as: Api) => as.get(`/clients/${w.client.clientId}/family-sessions`) },
  'GET progress summary': { call: (w: World, as: Api) => as.get(`/clients/${w.client.clientId}/progress-summary`) },
  'POST family invitation': {
    call: async (w: World, as: Api) => as.post(`/clients/${w.client.clientId}/visits/${await freshVisit(w)}/family-invitations`, { supporterUserId: w.people.supporter.userId }),
  },
  'GET supporter consents': { org: true, call: (_w: World, as: Api) => as.get('/supporter/consents') },
  'GET service agreements': { org: true, call: (_w: World, as: Api) => as.get('/service-provider-agreements') },
} satisfies Record<string, { org?: boolean; call(w: World, as: Api): PromiseLike<Response> }>;
type RouteName = keyof typeof ROUTES;

describe('access matrix: consent routes × every kind of actor', () => {
  const world = {} as World;
  const tokens = new Map<ActorName, string>();

  beforeAll(async () => {
    const t = await startTestApp({ env: LONG_TOKENS, worker: false });
    const cast = await createMatrixCast(t);
    world.t = t;
    world.client = cast.client;
    world.consentId = cast.supporterConsentId;
    world.people = cast.people;
    for (const [name, token] of cast.tokens) tokens.set(name, token);
    world.clinicianApi = api(t, tokens.get('clinician'));
  });
  afterAll(async () => {
    await world.t.close();
  });

  const cases = (Object.keys(ROUTES) as RouteName[]).flatMap((route) => MATRIX_ACTORS.map((actor) => [route, actor, EXPECTED[route][actor]] as const));

  it.each(cases)('%s as %s → %s', async (route, actor, expected) => {
    const { t, client } = world;
    const before = await lastAuditEventId(t.db);
    const beforeDisclosures = await countDisclosures(t, client.clientId);
    const spec: { org?: boolean; call(w: World, as: Api): PromiseLike<Response> } = ROUTES[route];
    const res = await spec.call(world, api(t, tokens.get(actor)));
    expect({ route, actor, answer: res.status }).toEqual({ route, actor, answer: expected });

    // A supporter's allowed read of client data is a disclosure; nobody else's read is.
    const disclosed = (await countDisclosures(t, client.clientId)) - beforeDisclosures;
    const invitation = route === 'POST family invitation' && expected === 201;
    const emergency = route === 'POST emergency disclosure' && expected === 201;
    expect(disclosed).toBe(invitation || emergency || (actor === 'supporter' && expected === 200 && !spec.org) ? 1 : 0);

    const events = await auditEventsAfter(t.db, before);
    if (actor === 'anonymous') {
      // Only the setup's own events (the clinician recording a consent to revoke), nothing for the anonymous call.
      expect(events.filter((e) => e.actor_user_id !== world.people.clinician.userId)).toEqual([]);
      return;
    }
    if (spec.org) return;
    expectDecisionAudited(events, world.people[actor].userId, [client.clientId], expected);
  });
});

async function countDisclosures(t: TestApp, clientId: string): Promise<number> {
  const [row] = await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM disclosure WHERE client_id = $1`, [clientId]);
  return row.n;
}

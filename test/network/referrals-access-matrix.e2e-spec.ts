import { afterAll, beforeAll, describe, it } from '@jest/globals';
import type { Response } from 'supertest';
import type { ClientRecord, Person } from '@attune/testing';
import { createMatrixCast, MATRIX_ACTORS, type MatrixActor, expectMatrixCell } from '../support/matrix-cast.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { hsdsPackage } from './support/hsds-fixture.js';
import { api, type Api } from './support/http.js';

/**
 * Every referral route × every kind of actor (the sibling of test/care/access-matrix.e2e-spec.ts, same
 * actors and rules): the answer and the audit event. Read: the team, a supervisor, break-glass, the client.
 * Write: the clinician and the case manager. A self-referral: the team (peer coach included) and the client.
 */
type Outcome = 200 | 201 | 401 | 403 | 404;

const ACTORS = MATRIX_ACTORS;
type ActorName = MatrixActor;

// prettier-ignore
const EXPECTED: Record<RouteName, Record<ActorName, Outcome>> = {
  'GET referrals':          { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 200, admin: 403, self: 200, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 200, supporter: 403 },
  'GET overdue referrals':  { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 200, admin: 403, self: 200, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 200, supporter: 403 },
  'GET referral':           { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 200, admin: 403, self: 200, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 200, supporter: 403 },
  'POST referral':          { clinician: 201, peerCoach: 403, caseManager: 201, colleague: 403, supervisor: 403, admin: 403, self: 403, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'POST self-referral':     { clinician: 201, peerCoach: 201, caseManager: 201, colleague: 403, supervisor: 403, admin: 403, self: 201, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'POST send referral':     { clinician: 200, peerCoach: 403, caseManager: 200, colleague: 403, supervisor: 403, admin: 403, self: 403, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'POST referral status':   { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 403, admin: 403, self: 200, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'GET referral letter':    { clinician: 200, peerCoach: 403, caseManager: 200, colleague: 403, supervisor: 403, admin: 403, self: 403, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
};

interface World {
  t: TestApp;
  client: ClientRecord;
  clinician: Person;
  people: Record<Exclude<ActorName, 'anonymous'>, Person>;
  sentReferralId: string;
}

/** A referral of its own for each call, written straight to the database. */
async function freshReferral(w: World, kind: 'staff' | 'self'): Promise<string> {
  const [row] = await w.t.db.query<{ id: string }[]>(
    `INSERT INTO referral (organization_id, client_id, service_id, kind, status, sent_via, created_by, created_at, updated_at)
     VALUES ($1, $2, 'svc-housing', $3, $4, $5, $6, now(), now()) RETURNING id`,
    [w.client.organizationId, w.client.clientId, kind, kind === 'self' ? 'sent' : 'suggested', kind === 'self' ? 'self' : null, w.clinician.userId],
  );
  return row.id;
}

const referrals = (w: World, rest = '') => `/clients/${w.client.clientId}/referrals${rest}`;
const ROUTES = {
  'GET referrals': { call: (w: World, as: Api) => as.get(referrals(w)) },
  'GET overdue referrals': { call: (w: World, as: Api) => as.get(referrals(w, '?overdue=true')) },
  'GET referral': { call: (w: World, as: Api) => as.get(referrals(w, `/${w.sentReferralId}`)) },
  'POST referral': { call: (w: World, as: Api) => as.post(referrals(w), { serviceId: 'svc-housing' }) },
  'POST self-referral': { call: (w: World, as: Api) => as.post(referrals(w), { serviceId: 'svc-meeting', kind: 'self' }) },
  'POST send referral': { call: async (w: World, as: Api) => as.post(referrals(w, `/${await freshReferral(w, 'staff')}/send`), { via: 'letter', scopes: ['referral:basic'] }) },
  'POST referral status': { call: async (w: World, as: Api) => as.post(referrals(w, `/${await freshReferral(w, 'self')}/status`), { status: 'accepted' }) },
  'GET referral letter': { call: (w: World, as: Api) => as.get(referrals(w, `/${w.sentReferralId}/letter`)) },
} satisfies Record<string, { call(w: World, as: Api): PromiseLike<Response> }>;
type RouteName = keyof typeof ROUTES;

describe('access matrix: referral routes × every kind of actor', () => {
  const world = {} as World;
  const tokens = new Map<ActorName, string>();

  beforeAll(async () => {
    const t = await startTestApp();
    const cast = await createMatrixCast(t);
    world.t = t;
    world.client = cast.client;
    world.clinician = cast.people.clinician;
    world.people = cast.people;
    for (const [name, token] of cast.tokens) tokens.set(name, token);
    await api(t, tokens.get('caseManager')).post('/resources/import/tabular', hsdsPackage()).expect(200);
    const clinician = api(t, tokens.get('clinician'));
    const now = t.clock.now();
    await clinician
      .post(`/clients/${cast.client.clientId}/consents`, {
        kind: 'general',
        scopes: ['referral:basic'],
        recipient: { kind: 'class', name: 'Health care providers treating me' },
        purpose: 'Referrals',
        expiresAt: new Date(now.getTime() + 90 * 86_400_000).toISOString(),
        signature: { signedName: cast.client.preferredName, method: 'electronic', signedAt: now.toISOString() },
      })
      .expect(201);
    world.sentReferralId = (await clinician.post(`/clients/${cast.client.clientId}/referrals`, { serviceId: 'svc-housing' }).expect(201)).body.id;
    await clinician.post(`/clients/${cast.client.clientId}/referrals/${world.sentReferralId}/send`, { via: 'letter', scopes: ['referral:basic'] }).expect(200);
  });
  afterAll(async () => {
    await world.t.close();
  });

  const cases = (Object.keys(ROUTES) as RouteName[]).flatMap((route) => ACTORS.map((actor) => [route, actor, EXPECTED[route][actor]] as const));

  it.each(cases)('%s as %s → %s', async (route, actor, expected) => {
    const { t, client } = world;
    await expectMatrixCell(t, world.people, { route, actor, expected, subjectIds: [client.clientId] }, () => ROUTES[route].call(world, api(t, tokens.get(actor))));
  });
});

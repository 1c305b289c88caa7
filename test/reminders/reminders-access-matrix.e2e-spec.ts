import { afterAll, beforeAll, describe, it } from '@jest/globals';
import type { Response } from 'supertest';
import type { ClientRecord, Person } from '@attune/testing';
import { createMatrixCast, MATRIX_ACTORS, type MatrixActor, expectMatrixCell } from '../support/matrix-cast.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { api, type Api } from './support/http.js';

/**
 * The reminder routes that touch a client's data × every kind of actor (the sibling of
 * test/care/access-matrix.e2e-spec.ts, same actors and rules): the answer and the audit event.
 */
type Outcome = 200 | 201 | 401 | 403 | 404;

const ACTORS = MATRIX_ACTORS;
type ActorName = MatrixActor;

// prettier-ignore
const EXPECTED: Record<RouteName, Record<ActorName, Outcome>> = {
  'GET check-in prompt':      { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 200, admin: 403, self: 200, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 200, supporter: 403 },
  'PUT check-in prompt':      { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 403, admin: 403, self: 200, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'GET medication plans':     { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 200, admin: 403, self: 200, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 200, supporter: 403 },
  'POST medication plan':     { clinician: 201, peerCoach: 201, caseManager: 201, colleague: 403, supervisor: 403, admin: 403, self: 201, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'POST stop medication plan':{ clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 403, admin: 403, self: 200, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
};

interface World {
  t: TestApp;
  client: ClientRecord;
  clinician: Person;
  people: Record<Exclude<ActorName, 'anonymous'>, Person>;
}

const PLAN = { cadence: 'monthly', firstDate: '2026-12-01', localTime: '10:00', advanceDays: [7, 1] };

/** A plan to stop, written straight to the database so each call has its own. */
async function freshPlan(w: World): Promise<string> {
  const [row] = await w.t.db.query<{ id: string }[]>(
    `INSERT INTO medication_plan (organization_id, client_id, cadence, first_date, local_time, advance_days, created_by, created_at, updated_at)
     VALUES ($1, $2, 'monthly', '2026-12-01', '10:00', ARRAY[1], $3, now(), now()) RETURNING id`,
    [w.client.organizationId, w.client.clientId, w.clinician.userId],
  );
  return row.id;
}

const ROUTES = {
  'GET check-in prompt': { call: (w: World, as: Api) => as.get(`/clients/${w.client.clientId}/check-in-prompt`) },
  'PUT check-in prompt': { call: (w: World, as: Api) => as.put(`/clients/${w.client.clientId}/check-in-prompt`, { localTime: '09:00' }) },
  'GET medication plans': { call: (w: World, as: Api) => as.get(`/clients/${w.client.clientId}/medication-plans`) },
  'POST medication plan': { call: (w: World, as: Api) => as.post(`/clients/${w.client.clientId}/medication-plans`, PLAN) },
  'POST stop medication plan': { call: async (w: World, as: Api) => as.post(`/clients/${w.client.clientId}/medication-plans/${await freshPlan(w)}/stop`) },
} satisfies Record<string, { call(w: World, as: Api): PromiseLike<Response> }>;
type RouteName = keyof typeof ROUTES;

describe('access matrix: reminder routes × every kind of actor', () => {
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
    await api(t, tokens.get('clinician')).put(`/clients/${cast.client.clientId}/check-in-prompt`, { localTime: '08:30' }).expect(200);
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

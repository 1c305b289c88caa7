import { afterAll, beforeAll, describe, it } from '@jest/globals';
import type { Response } from 'supertest';
import type { ClientRecord, Person } from '@attune/testing';
import { createMatrixCast, MATRIX_ACTORS, type MatrixActor, expectMatrixCell } from '../support/matrix-cast.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { api, type Api } from '../realtime/support/http.js';

/**
 * The messaging and presence routes × every kind of actor (the sibling of test/care/access-matrix): the
 * answer and the audit event. Messages are conversations, not the clinical record: supervisors, admins
 * and break-glass do not read them; presence is `team:read`.
 */
type Outcome = 200 | 201 | 401 | 403 | 404;

// prettier-ignore
const EXPECTED: Record<RouteName, Record<MatrixActor, Outcome>> = {
  'POST open client thread':  { clinician: 201, peerCoach: 201, caseManager: 201, colleague: 403, supervisor: 403, admin: 403, self: 201, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'GET client threads':       { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 403, admin: 403, self: 200, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'GET thread messages':      { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 403, admin: 403, self: 200, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'POST thread message':      { clinician: 201, peerCoach: 201, caseManager: 201, colleague: 403, supervisor: 403, admin: 403, self: 201, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'POST mark thread read':    { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 403, admin: 403, self: 200, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'GET team presence':        { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 200, admin: 200, self: 200, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 200, supporter: 403 },
};

interface World {
  t: TestApp;
  client: ClientRecord;
  threadId: string;
  people: Record<Exclude<MatrixActor, 'anonymous'>, Person>;
}

let sent = 0;
const ROUTES = {
  'POST open client thread': { call: (w: World, as: Api) => as.post(`/clients/${w.client.clientId}/message-threads`, { kind: 'client_team' }) },
  'GET client threads': { call: (w: World, as: Api) => as.get(`/clients/${w.client.clientId}/message-threads`) },
  'GET thread messages': { call: (w: World, as: Api) => as.get(`/message-threads/${w.threadId}/messages`) },
  'POST thread message': { call: (w: World, as: Api) => as.post(`/message-threads/${w.threadId}/messages`, { clientMessageId: `matrix-${++sent}`, body: 'hello' }) },
  'POST mark thread read': { call: (w: World, as: Api) => as.post(`/message-threads/${w.threadId}/read`, { cursor: '999999' }) },
  'GET team presence': { call: (w: World, as: Api) => as.get(`/clients/${w.client.clientId}/presence`) },
} satisfies Record<string, { call(w: World, as: Api): PromiseLike<Response> }>;
type RouteName = keyof typeof ROUTES;

describe('access matrix: messaging routes × every kind of actor', () => {
  const world = {} as World;
  const tokens = new Map<MatrixActor, string>();

  beforeAll(async () => {
    const t = await startTestApp({ worker: false });
    const cast = await createMatrixCast(t);
    world.t = t;
    world.client = cast.client;
    world.people = cast.people;
    for (const [name, token] of cast.tokens) tokens.set(name, token);
    const thread = await api(t, tokens.get('clinician')).post(`/clients/${cast.client.clientId}/message-threads`, { kind: 'client_team' }).expect(201);
    world.threadId = thread.body.id;
  });
  afterAll(async () => {
    await world.t.close();
  });

  const cases = (Object.keys(ROUTES) as RouteName[]).flatMap((route) => MATRIX_ACTORS.map((actor) => [route, actor, EXPECTED[route][actor]] as const));

  it.each(cases)('%s as %s → %s', async (route, actor, expected) => {
    const { t, client } = world;
    await expectMatrixCell(t, world.people, { route, actor, expected, subjectIds: [client.clientId, world.threadId] }, () => ROUTES[route].call(world, api(t, tokens.get(actor))));
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import type { ClientRecord, Person } from '@attune/testing';
import { createMatrixCast, MATRIX_ACTORS, type MatrixActor, expectMatrixCell } from '../support/matrix-cast.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { api, type Api } from '../reminders/support/http.js';
import { calmCheckIn } from './support/check-ins.js';

/**
 * The check-in, alert and outreach routes × every kind of actor (the sibling of
 * test/care/access-matrix.e2e-spec.ts, same actors and rules): the answer and the audit event.
 */
type Outcome = 200 | 201 | 401 | 403 | 404;
type ActorName = MatrixActor;

// prettier-ignore
const EXPECTED: Record<RouteName, Record<ActorName, Outcome>> = {
  'POST check-in':          { clinician: 201, peerCoach: 201, caseManager: 201, colleague: 403, supervisor: 403, admin: 403, self: 201, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'GET check-ins':          { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 200, admin: 403, self: 200, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 200, supporter: 403 },
  'GET check-in trends':    { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 200, admin: 403, self: 200, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 200, supporter: 403 },
  'GET alerts':             { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 200, admin: 403, self: 403, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 200, supporter: 403 },
  'POST acknowledge alert': { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 200, admin: 403, self: 403, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'POST resolve alert':     { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 200, admin: 403, self: 403, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'GET outreach tasks':     { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 200, admin: 403, self: 403, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'POST contact made':      { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 403, admin: 403, self: 403, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
};

interface World {
  t: TestApp;
  client: ClientRecord;
  people: Record<Exclude<ActorName, 'anonymous'>, Person>;
}

/** An open alert of its own for each call, written straight to the database. */
async function freshAlert(w: World): Promise<string> {
  const [row] = await w.t.db.query<{ id: string }[]>(
    `INSERT INTO risk_alert (organization_id, client_id, rule, severity, source_key, raised_at) VALUES ($1, $2, 'craving_high', 'warning', gen_random_uuid()::text, now()) RETURNING id`,
    [w.client.organizationId, w.client.clientId],
  );
  return row.id;
}

/** An open outreach task for each call (the previous one is closed: one open task per client). */
async function freshTask(w: World): Promise<string> {
  await w.t.db.query(`UPDATE outreach_task SET status = 'done', closed_at = now() WHERE client_id = $1 AND status = 'open'`, [w.client.clientId]);
  const [row] = await w.t.db.query<{ id: string }[]>(
    `INSERT INTO outreach_task (organization_id, client_id, quiet_since, opened_at) VALUES ($1, $2, '2026-11-01', now()) RETURNING id`,
    [w.client.organizationId, w.client.clientId],
  );
  return row.id;
}

const ROUTES = {
  'POST check-in': { call: (w: World, as: Api) => as.post(`/clients/${w.client.clientId}/check-ins`, calmCheckIn()) },
  'GET check-ins': { call: (w: World, as: Api) => as.get(`/clients/${w.client.clientId}/check-ins`) },
  'GET check-in trends': { call: (w: World, as: Api) => as.get(`/clients/${w.client.clientId}/check-ins/trends?days=30`) },
  'GET alerts': { call: (w: World, as: Api) => as.get(`/clients/${w.client.clientId}/alerts`) },
  'POST acknowledge alert': { call: async (w: World, as: Api) => as.post(`/clients/${w.client.clientId}/alerts/${await freshAlert(w)}/acknowledge`) },
  'POST resolve alert': { call: async (w: World, as: Api) => as.post(`/clients/${w.client.clientId}/alerts/${await freshAlert(w)}/resolve`, { note: 'Spoke with the client' }) },
  'GET outreach tasks': { call: (w: World, as: Api) => as.get(`/clients/${w.client.clientId}/outreach-tasks`) },
  'POST contact made': { call: async (w: World, as: Api) => as.post(`/clients/${w.client.clientId}/outreach-tasks/${await freshTask(w)}/contact-made`) },
} satisfies Record<string, { call(w: World, as: Api): PromiseLike<Response> }>;
type RouteName = keyof typeof ROUTES;

describe('access matrix: check-in, alert and outreach routes × every kind of actor', () => {
  const world = {} as World;
  const tokens = new Map<ActorName, string>();

  beforeAll(async () => {
    const t = await startTestApp();
    const cast = await createMatrixCast(t);
    world.t = t;
    world.client = cast.client;
    world.people = cast.people;
    for (const [name, token] of cast.tokens) tokens.set(name, token);
  }, 120_000);
  afterAll(async () => {
    await world.t.close();
  });

  const cases = (Object.keys(ROUTES) as RouteName[]).flatMap((route) => MATRIX_ACTORS.map((actor) => [route, actor, EXPECTED[route][actor]] as const));

  it.each(cases)('%s as %s → %s', async (route, actor, expected) => {
    const { t, client } = world;
    await expectMatrixCell(t, world.people, { route, actor, expected, subjectIds: [client.clientId] }, () => ROUTES[route].call(world, api(t, tokens.get(actor))));
  });

  it('an alert or task of another client cannot be acknowledged or closed through this client', async () => {
    const { t, client } = world;
    const otherAlert = await freshAlert({ ...world, client: { ...client, clientId: (await t.db.query<{ id: string }[]>(`SELECT c.id FROM client c WHERE c.user_id = $1`, [world.people.otherClient.userId]))[0].id } });
    await api(t, tokens.get('clinician')).post(`/clients/${client.clientId}/alerts/${otherAlert}/acknowledge`).expect(404);
    expect(await t.db.query(`SELECT status FROM risk_alert WHERE id = $1`, [otherAlert])).toEqual([{ status: 'open' }]);
  });
});

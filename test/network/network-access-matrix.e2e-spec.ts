import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { auditEventsAfter, lastAuditEventId, type ClientRecord, type Person } from '@attune/testing';
import { createMatrixCast, MATRIX_ACTORS, type MatrixActor, expectMatrixCell } from '../support/matrix-cast.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { hsdsPackage } from './support/hsds-fixture.js';
import { api, type Api } from './support/http.js';

/**
 * The recovery-network routes × every kind of actor (the sibling of test/care/access-matrix.e2e-spec.ts,
 * same actors and rules): the answer and the audit event.
 */
type Outcome = 200 | 201 | 204 | 401 | 403 | 404;
type ActorName = MatrixActor;

// prettier-ignore
const READ = { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 200, admin: 403, self: 200, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 200, supporter: 403 } as const;
const write = (ok: 200 | 201 | 204) =>
  // prettier-ignore
  ({ clinician: ok, peerCoach: ok, caseManager: ok, colleague: 403, supervisor: 403, admin: 403, self: ok, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 }) as const;
const clientOnly = (ok: 200 | 201) =>
  // prettier-ignore
  ({ clinician: 403, peerCoach: 403, caseManager: 403, colleague: 403, supervisor: 403, admin: 403, self: ok, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 }) as const;
// prettier-ignore
const PROPOSE = { clinician: 201, peerCoach: 201, caseManager: 201, colleague: 403, supervisor: 403, admin: 403, self: 403, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 } as const;

const EXPECTED: Record<RouteName, Record<ActorName, Outcome>> = {
  'GET social map': READ,
  'POST social-map person': write(201),
  'PATCH social-map person': write(200),
  'DELETE social-map person': write(204),
  'GET social-map history': READ,
  'GET social-map metrics': READ,
  'POST contact': write(201),
  'GET contacts': READ,
  'GET relapse plan': READ,
  'PUT relapse plan': clientOnly(200),
  'GET plan versions': READ,
  'POST plan proposal': PROPOSE,
  'GET plan proposals': READ,
  'POST accept proposal': clientOnly(200),
  'POST decline proposal': clientOnly(200),
  'GET plan text': READ,
  'GET plan coping steps': READ,
};

interface World {
  t: TestApp;
  client: ClientRecord;
  personId: string;
  people: Record<Exclude<ActorName, 'anonymous'>, Person>;
}

const PLAN = {
  warningSigns: ['Not sleeping'],
  triggers: [],
  copingStrategies: ['Walk'],
  peopleToCall: [],
  reasonsForRecovery: [],
  crisisLines: [{ name: '988 Lifeline', phone: '988' }],
};

/** A person to change or remove, written straight to the database so each call has its own. */
async function freshPerson(w: World): Promise<string> {
  const [row] = await w.t.db.query<{ id: string }[]>(
    `INSERT INTO social_person (organization_id, client_id, name, label, version, created_at, updated_at) VALUES ($1, $2, 'Sam', 'neutral', 1, now(), now()) RETURNING id`,
    [w.client.organizationId, w.client.clientId],
  );
  return row.id;
}

async function currentVersion(w: World): Promise<number> {
  const [row] = await w.t.db.query<{ v: number }[]>(
    `SELECT coalesce(max(version), 0)::int AS v FROM relapse_plan_version WHERE client_id = $1`,
    [w.client.clientId],
  );
  return row.v;
}

/** A pending proposal on the current version, written straight to the database. */
async function freshProposal(w: World): Promise<string> {
  const [row] = await w.t.db.query<{ id: string }[]>(
    `INSERT INTO relapse_plan_proposal (organization_id, client_id, base_version, content, status, proposed_by, proposed_at)
     VALUES ($1, $2, $3, $4, 'pending', $5, now()) RETURNING id`,
    [w.client.organizationId, w.client.clientId, await currentVersion(w), PLAN, w.people.peerCoach.userId],
  );
  return row.id;
}

const c = (w: World, rest: string) => `/clients/${w.client.clientId}${rest}`;
const ROUTES = {
  'GET social map': { call: (w: World, as: Api) => as.get(c(w, '/social-map')) },
  'POST social-map person': {
    call: (w: World, as: Api) => as.post(c(w, '/social-map/people'), { name: 'Jo', label: 'supportive' }),
  },
  'PATCH social-map person': {
    call: async (w: World, as: Api) =>
      as.patch(c(w, `/social-map/people/${await freshPerson(w)}`), { label: 'supportive' }),
  },
  'DELETE social-map person': {
    call: async (w: World, as: Api) => as.delete(c(w, `/social-map/people/${await freshPerson(w)}`)),
  },
  'GET social-map history': { call: (w: World, as: Api) => as.get(c(w, '/social-map/history')) },
  'GET social-map metrics': { call: (w: World, as: Api) => as.get(c(w, '/social-map/metrics')) },
  'POST contact': {
    call: (w: World, as: Api) =>
      as.post(c(w, '/contacts'), {
        personId: w.personId,
        at: new Date(Date.now() - 3600_000).toISOString(),
        how: 'call',
        helped: true,
      }),
  },
  'GET contacts': { call: (w: World, as: Api) => as.get(c(w, '/contacts')) },
  'GET relapse plan': { call: (w: World, as: Api) => as.get(c(w, '/relapse-plan')) },
  'PUT relapse plan': {
    call: async (w: World, as: Api) =>
      as.put(c(w, '/relapse-plan'), { baseVersion: await currentVersion(w), content: PLAN }),
  },
  'GET plan versions': { call: (w: World, as: Api) => as.get(c(w, '/relapse-plan/versions')) },
  'POST plan proposal': {
    call: async (w: World, as: Api) =>
      as.post(c(w, '/relapse-plan/proposals'), { baseVersion: await currentVersion(w), content: PLAN }),
  },
  'GET plan proposals': { call: (w: World, as: Api) => as.get(c(w, '/relapse-plan/proposals')) },
  'POST accept proposal': {
    call: async (w: World, as: Api) =>
      as.post(c(w, `/relapse-plan/proposals/${await freshProposal(w)}/accept`)),
  },
  'POST decline proposal': {
    call: async (w: World, as: Api) =>
      as.post(c(w, `/relapse-plan/proposals/${await freshProposal(w)}/decline`)),
  },
  'GET plan text': { call: (w: World, as: Api) => as.get(c(w, '/relapse-plan/text')) },
  'GET plan coping steps': { call: (w: World, as: Api) => as.get(c(w, '/relapse-plan/coping')) },
} satisfies Record<string, { call(w: World, as: Api): PromiseLike<Response> }>;
type RouteName = keyof typeof ROUTES;

/**
 * Community resources are the programme's directory, not client data: the matrix checks the answers, and
 * that each refusal and each import or export is audited (searches are not: nothing about a client).
 */
type OrgRouteName =
  | 'GET resource search'
  | 'GET resource service'
  | 'POST import tabular'
  | 'POST import json'
  | 'GET export tabular'
  | 'GET export json';
// prettier-ignore
const SEARCH = { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 200, supervisor: 200, admin: 200, self: 200, otherClient: 200, otherOrgStaff: 200, otherOrgAdmin: 200, anonymous: 401, breakGlass: 200, supporter: 403 } as const;
// prettier-ignore
const MANAGE = { clinician: 403, peerCoach: 403, caseManager: 200, colleague: 403, supervisor: 403, admin: 200, self: 403, otherClient: 403, otherOrgStaff: 403, otherOrgAdmin: 200, anonymous: 401, breakGlass: 200, supporter: 403 } as const;
// prettier-ignore
const ORG_EXPECTED: Record<OrgRouteName, Record<ActorName, Outcome>> = {
  'GET resource search': SEARCH,
  'GET resource service': { ...SEARCH, otherOrgStaff: 404, otherOrgAdmin: 404 },
  'POST import tabular': MANAGE,
  'POST import json': MANAGE,
  'GET export tabular': MANAGE,
  'GET export json': MANAGE,
};
const ORG_ROUTES: Record<OrgRouteName, (as: Api) => PromiseLike<Response>> = {
  'GET resource search': (as) => as.get('/resources/services?category=housing'),
  'GET resource service': (as) => as.get('/resources/services/svc-housing'),
  'POST import tabular': (as) => as.post('/resources/import/tabular', hsdsPackage()),
  'POST import json': (as) => as.post('/resources/import/json', { contents: [] }),
  'GET export tabular': (as) => as.get('/resources/export/tabular'),
  'GET export json': (as) => as.get('/resources/export/json'),
};

describe('access matrix: recovery-network routes × every kind of actor', () => {
  const world = {} as World;
  const tokens = new Map<ActorName, string>();

  beforeAll(async () => {
    const t = await startTestApp({ worker: false });
    const cast = await createMatrixCast(t);
    world.t = t;
    world.client = cast.client;
    world.people = cast.people;
    for (const [name, token] of cast.tokens) tokens.set(name, token);
    world.personId = (
      await api(t, tokens.get('self'))
        .post(`/clients/${cast.client.clientId}/social-map/people`, { name: 'Rosa', label: 'supportive' })
        .expect(201)
    ).body.id;
    await api(t, tokens.get('admin')).post('/resources/import/tabular', hsdsPackage()).expect(200);
  });
  afterAll(async () => {
    await world.t.close();
  });

  const cases = (Object.keys(ROUTES) as RouteName[]).flatMap((route) =>
    MATRIX_ACTORS.map((actor) => [route, actor, EXPECTED[route][actor]] as const),
  );

  it.each(cases)('%s as %s → %s', async (route, actor, expected) => {
    const { t, client } = world;
    await expectMatrixCell(t, world.people, { route, actor, expected, subjectIds: [client.clientId] }, () => ROUTES[route].call(world, api(t, tokens.get(actor))));
  });

  const orgCases = (Object.keys(ORG_ROUTES) as OrgRouteName[]).flatMap((route) =>
    MATRIX_ACTORS.map((actor) => [route, actor, ORG_EXPECTED[route][actor]] as const),
  );

  it.each(orgCases)('%s as %s → %s', async (route, actor, expected) => {
    const { t } = world;
    const before = await lastAuditEventId(t.db);
    const res = await ORG_ROUTES[route](api(t, tokens.get(actor)));
    expect({ route, actor, answer: res.status }).toEqual({ route, actor, answer: expected });
    const mine = (await auditEventsAfter(t.db, before)).filter(
      (e) => actor !== 'anonymous' && e.actor_user_id === world.people[actor].userId,
    );
    if (expected === 403) expect(mine.map((e) => [e.outcome, e.client_id])).toEqual([['denied', null]]);
    if (expected === 200 && !route.startsWith('GET resource'))
      expect(mine.map((e) => [e.outcome, e.action.startsWith('resources.')])).toEqual([['allowed', true]]);
  });
});

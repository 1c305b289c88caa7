import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import type { ClientRecord, Person } from '@attune/testing';
import { api, type Api } from '../reminders/support/http.js';
import { createMatrixCast, MATRIX_ACTORS, type MatrixActor, expectMatrixCell } from '../support/matrix-cast.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The curriculum and measure-outcome routes × every kind of actor (the sibling of
 * test/care/access-matrix.e2e-spec.ts): the answer and, for a client's routes, the audit event.
 * Rules in libs/care/src/policy/capabilities.ts (the curriculum block): the peer coach reads progress but
 * not reflections and does not enrol, pause or move; only the client writes reflections; an admin keeps
 * templates but has no grant on a client's plan.
 */
type Outcome = 200 | 201 | 401 | 403 | 404;
type ActorName = MatrixActor;

// prettier-ignore
const EXPECTED: Record<RouteName, Record<ActorName, Outcome>> = {
  'GET plan':            { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 200, admin: 403, self: 200, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 200, supporter: 403 },
  'POST enrol':          { clinician: 201, peerCoach: 403, caseManager: 201, colleague: 403, supervisor: 403, admin: 403, self: 403, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'PATCH activity':      { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 403, admin: 403, self: 200, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'PATCH reflection':    { clinician: 403, peerCoach: 403, caseManager: 403, colleague: 403, supervisor: 403, admin: 403, self: 200, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'POST sign-off':       { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 403, admin: 403, self: 403, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'POST skip module':    { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 403, admin: 403, self: 403, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'POST pause':          { clinician: 200, peerCoach: 403, caseManager: 200, colleague: 403, supervisor: 403, admin: 403, self: 403, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'POST resume':         { clinician: 200, peerCoach: 403, caseManager: 200, colleague: 403, supervisor: 403, admin: 403, self: 403, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'POST move':           { clinician: 200, peerCoach: 403, caseManager: 200, colleague: 403, supervisor: 403, admin: 403, self: 403, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'GET measure schedule':{ clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 200, admin: 403, self: 200, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 200, supporter: 403 },
  'GET PHQ-9 trend':     { clinician: 200, peerCoach: 403, caseManager: 200, colleague: 403, supervisor: 200, admin: 403, self: 200, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 200, supporter: 403 },
  'GET SPS trend':       { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 200, admin: 403, self: 200, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 200, supporter: 403 },
};

interface World {
  t: TestApp;
  client: ClientRecord;
  clinician: Api;
  people: Record<Exclude<ActorName, 'anonymous'>, Person>;
}

const plan = (w: World) => `/clients/${w.client.clientId}/curriculum`;

async function ensureEnrolled(w: World): Promise<void> {
  const [{ n }] = await w.t.db.query(`SELECT count(*)::int AS n FROM curriculum_enrolment WHERE client_id = $1`, [w.client.clientId]);
  if (n === 0) await w.clinician.post(plan(w), {}).expect(201);
}

const ROUTES = {
  'GET plan': { call: async (w: World, as: Api) => (await ensureEnrolled(w), as.get(plan(w))) },
  'POST enrol': {
    call: async (w: World, as: Api) => {
      await w.t.db.query(`DELETE FROM curriculum_enrolment WHERE client_id = $1`, [w.client.clientId]);
      return as.post(plan(w), {});
    },
  },
  'PATCH activity': { call: async (w: World, as: Api) => (await ensureEnrolled(w), as.patch(`${plan(w)}/activities/w1-1`, { status: 'done' })) },
  'PATCH reflection': { call: async (w: World, as: Api) => (await ensureEnrolled(w), as.patch(`${plan(w)}/activities/w1-2`, { reflection: 'A few lines' })) },
  'POST sign-off': {
    call: async (w: World, as: Api) => {
      await ensureEnrolled(w);
      await w.t.db.query(`UPDATE curriculum_plan_module SET status = 'done', signed_off_at = NULL, signed_off_by = NULL WHERE client_id = $1 AND week = 1`, [w.client.clientId]);
      return as.post(`${plan(w)}/modules/1/sign-off`, {});
    },
  },
  'POST skip module': { call: async (w: World, as: Api) => (await ensureEnrolled(w), as.post(`${plan(w)}/modules/2/skip`, { reason: 'Covered in a family session' })) },
  'POST pause': {
    call: async (w: World, as: Api) => {
      await ensureEnrolled(w);
      await w.t.db.query(`UPDATE curriculum_enrolment SET paused_on = NULL WHERE client_id = $1`, [w.client.clientId]);
      return as.post(`${plan(w)}/pause`);
    },
  },
  'POST resume': {
    call: async (w: World, as: Api) => {
      await ensureEnrolled(w);
      await w.t.db.query(`UPDATE curriculum_enrolment SET paused_on = current_date WHERE client_id = $1`, [w.client.clientId]);
      return as.post(`${plan(w)}/resume`);
    },
  },
  'POST move': {
    call: async (w: World, as: Api) => {
      await ensureEnrolled(w);
      const [next] = await w.t.db.query<{ id: string }[]>(
        `INSERT INTO curriculum_template_version (organization_id, template_id, version, name, document, total_weeks, created_at)
         SELECT v.organization_id, v.template_id, (SELECT max(version) + 1 FROM curriculum_template_version WHERE template_id = v.template_id), v.name, v.document, v.total_weeks, now()
           FROM curriculum_enrolment e JOIN curriculum_template_version v ON v.id = e.template_version_id WHERE e.client_id = $1 RETURNING id`,
        [w.client.clientId],
      );
      return as.post(`${plan(w)}/move`, { templateVersionId: next.id });
    },
  },
  'GET measure schedule': { call: (w: World, as: Api) => as.get(`/clients/${w.client.clientId}/measures/schedule`) },
  'GET PHQ-9 trend': { call: (w: World, as: Api) => as.get(`/clients/${w.client.clientId}/measures/trends?instrument=PHQ-9`) },
  'GET SPS trend': { call: (w: World, as: Api) => as.get(`/clients/${w.client.clientId}/measures/trends?instrument=SPS`) },
} satisfies Record<string, { call(w: World, as: Api): PromiseLike<Response> }>;
type RouteName = keyof typeof ROUTES;

const STAFF_OK = { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 200, supervisor: 200, admin: 200, self: 403, otherClient: 403, otherOrgStaff: 200, otherOrgAdmin: 200, anonymous: 401, breakGlass: 200, supporter: 403 } as const;
const ADMIN_ONLY = { clinician: 403, peerCoach: 403, caseManager: 403, colleague: 403, supervisor: 403, admin: 200, self: 403, otherClient: 403, otherOrgStaff: 403, otherOrgAdmin: 200, anonymous: 401, breakGlass: 403, supporter: 403 } as const;

/** Organisation routes (no one client): who may call them at all. Each answers for the caller's own organisation. */
// prettier-ignore
const ORGANIZATION_EXPECTED: Record<OrgRouteName, Record<ActorName, Outcome>> = {
  'GET templates': STAFF_OK,
  'POST import template': { ...ADMIN_ONLY, admin: 201, otherOrgAdmin: 201 },
  'PUT edit template': { ...ADMIN_ONLY, otherOrgAdmin: 404 },
  'GET export template': { ...STAFF_OK, otherOrgStaff: 404, otherOrgAdmin: 404 },
  'GET caseload progress': STAFF_OK,
  'GET attachment movement': STAFF_OK,
  'GET overdue measures': STAFF_OK,
  'GET schedule settings': STAFF_OK,
  'PUT schedule settings': ADMIN_ONLY,
};

interface OrgWorld {
  templateId: string;
  document: object;
}
const ORG_ROUTES = {
  'GET templates': (_: OrgWorld, as: Api) => as.get('/curriculum/templates'),
  'POST import template': (o: OrgWorld, as: Api) => as.post('/curriculum/templates', o.document),
  'PUT edit template': (o: OrgWorld, as: Api) => as.put(`/curriculum/templates/${o.templateId}`, o.document),
  'GET export template': (o: OrgWorld, as: Api) => as.get(`/curriculum/templates/${o.templateId}/export`),
  'GET caseload progress': (_: OrgWorld, as: Api) => as.get('/caseload/curriculum-progress'),
  'GET attachment movement': (_: OrgWorld, as: Api) => as.get('/caseload/attachment-movement'),
  'GET overdue measures': (_: OrgWorld, as: Api) => as.get('/measures/overdue'),
  'GET schedule settings': (_: OrgWorld, as: Api) => as.get('/measures/schedule-settings'),
  'PUT schedule settings': (_: OrgWorld, as: Api) => as.put('/measures/schedule-settings', { instruments: ['PHQ-9'], atIntake: true, intervalDays: 90, atDischarge: true }),
} satisfies Record<string, (o: OrgWorld, as: Api) => PromiseLike<Response>>;
type OrgRouteName = keyof typeof ORG_ROUTES;

describe('access matrix: curriculum and measure-outcome routes × every kind of actor', () => {
  const world = {} as World;
  const org = {} as OrgWorld;
  const tokens = new Map<ActorName, string>();

  beforeAll(async () => {
    const t = await startTestApp({ worker: false });
    const cast = await createMatrixCast(t);
    world.t = t;
    world.client = cast.client;
    world.people = cast.people;
    for (const [name, token] of cast.tokens) tokens.set(name, token);
    world.clinician = api(t, tokens.get('clinician'));
    const [template] = (await world.clinician.get('/curriculum/templates').expect(200)).body;
    org.templateId = template.templateId;
    org.document = (await world.clinician.get(`/curriculum/templates/${template.templateId}/export`).expect(200)).body;
  });
  afterAll(async () => {
    await world.t.close();
  });

  const cases = (Object.keys(ROUTES) as RouteName[]).flatMap((route) => MATRIX_ACTORS.map((actor) => [route, actor, EXPECTED[route][actor]] as const));

  it.each(cases)('%s as %s → %s', async (route, actor, expected) => {
    const { t, client } = world;
    await expectMatrixCell(t, world.people, { route, actor, expected, subjectIds: [client.clientId], setupBy: world.people.clinician.userId }, () => ROUTES[route].call(world, api(t, tokens.get(actor))));
  });

  const orgCases = (Object.keys(ORG_ROUTES) as OrgRouteName[]).flatMap((route) => MATRIX_ACTORS.map((actor) => [route, actor, ORGANIZATION_EXPECTED[route][actor]] as const));

  it.each(orgCases)('%s as %s → %s', async (route, actor, expected) => {
    const res = await ORG_ROUTES[route](org, api(world.t, tokens.get(actor)));
    expect({ route, actor, answer: res.status }).toEqual({ route, actor, answer: expected });
  });

  it('lists a client on the caseload views of their team and the supervisor only', async () => {
    await ensureEnrolled(world);
    const listed = async (actor: ActorName) =>
      ((await api(world.t, tokens.get(actor)).get('/caseload/curriculum-progress').expect(200)).body as { clientId: string }[]).map((c) => c.clientId);
    for (const actor of ['clinician', 'peerCoach', 'caseManager', 'supervisor'] as const) expect(await listed(actor)).toContain(world.client.clientId);
    for (const actor of ['colleague', 'admin', 'breakGlass', 'otherOrgStaff', 'otherOrgAdmin'] as const) expect(await listed(actor)).not.toContain(world.client.clientId);
  });
});

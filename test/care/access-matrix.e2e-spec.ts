import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { addToTeam, auditEventsAfter, createStaff, lastAuditEventId, type ClientRecord, type Person } from '@attune/testing';
import { createMatrixCast, MATRIX_ACTORS, type MatrixActor } from '../support/matrix-cast.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { api, type Api } from './http.js';

/**
 * THE route × actor matrix: every route that touches a client's data, called by every kind of person,
 * with the answer the access policy must give, and the audit event each decision must leave.
 * A new route joins by adding a row to ROUTES and a row to EXPECTED.
 *
 * `listed` / `unlisted`: a list answered 200 and did / did not include the client.
 */
type Outcome = 200 | 201 | 401 | 403 | 404 | 'listed' | 'unlisted';

const ACTORS = MATRIX_ACTORS;
type ActorName = MatrixActor;

// prettier-ignore
const EXPECTED: Record<RouteName, Record<ActorName, Outcome>> = {
  //                         clinician   peerCoach   caseManager colleague   supervisor  admin       self        otherClient otherOrgStaff otherOrgAdmin anonymous breakGlass supporter
  // A supporter (consent: sessions:family, progress:summary) is neither staff nor the client: every route here is 403
  // (their consent names this client, so its existence is no secret to them; another client is 404 as for otherClient).
  'GET client':            { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 200, admin: 200, self: 200, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 200, supporter: 403 },
  'PATCH client':          { clinician: 200, peerCoach: 403, caseManager: 200, colleague: 403, supervisor: 403, admin: 200, self: 403, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'GET care team':         { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 200, admin: 200, self: 200, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 200, supporter: 403 },
  'POST care team member': { clinician: 403, peerCoach: 403, caseManager: 403, colleague: 403, supervisor: 201, admin: 201, self: 403, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'POST handoff':          { clinician: 403, peerCoach: 403, caseManager: 403, colleague: 403, supervisor: 201, admin: 201, self: 403, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'POST end membership':   { clinician: 403, peerCoach: 403, caseManager: 403, colleague: 403, supervisor: 200, admin: 200, self: 403, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'POST break-glass':      { clinician: 403, peerCoach: 403, caseManager: 403, colleague: 201, supervisor: 201, admin: 403, self: 403, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 201, supporter: 403 },
  'GET caseload':          { clinician: 'listed', peerCoach: 'listed', caseManager: 'listed', colleague: 'unlisted', supervisor: 'listed', admin: 'listed', self: 403, otherClient: 403, otherOrgStaff: 'unlisted', otherOrgAdmin: 'unlisted', anonymous: 401, breakGlass: 'unlisted', supporter: 403 },
  // Scheduling: only the client's team schedules; the client, a supervisor and break-glass read.
  'POST visit':            { clinician: 201, peerCoach: 201, caseManager: 201, colleague: 403, supervisor: 403, admin: 403, self: 403, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'GET visits':            { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 200, admin: 403, self: 200, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 200, supporter: 403 },
  'GET visit':             { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 200, admin: 403, self: 200, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 200, supporter: 403 },
  'POST reschedule visit': { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 403, admin: 403, self: 403, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'POST cancel visit':     { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 403, admin: 403, self: 403, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'POST visit status':     { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 403, admin: 403, self: 403, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'POST visit note':       { clinician: 201, peerCoach: 201, caseManager: 201, colleague: 403, supervisor: 403, admin: 403, self: 403, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'GET visit notes':       { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 200, admin: 403, self: 200, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 200, supporter: 403 },
  'GET free slots':        { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 403, admin: 403, self: 403, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  // The audit trail: programme oversight (admin, supervisor), never the care team or the client themself.
  'GET audit events':      { clinician: 403, peerCoach: 403, caseManager: 403, colleague: 403, supervisor: 200, admin: 200, self: 403, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'GET audit CSV':         { clinician: 403, peerCoach: 403, caseManager: 403, colleague: 403, supervisor: 200, admin: 200, self: 403, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  // Outcome measures: the client and the team submit; the peer coach only the social ones (SPS, BAM) and
  // reads only those; clinician, case manager, supervisor, break-glass and the client read them all; admin nothing.
  'POST measure SPS':      { clinician: 201, peerCoach: 201, caseManager: 201, colleague: 403, supervisor: 403, admin: 403, self: 201, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'POST measure PHQ-9':    { clinician: 201, peerCoach: 403, caseManager: 201, colleague: 403, supervisor: 403, admin: 403, self: 201, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 403, supporter: 403 },
  'GET measures':          { clinician: 200, peerCoach: 200, caseManager: 200, colleague: 403, supervisor: 200, admin: 403, self: 200, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 200, supporter: 403 },
  'GET measures ECR-R':    { clinician: 200, peerCoach: 403, caseManager: 200, colleague: 403, supervisor: 200, admin: 403, self: 200, otherClient: 404, otherOrgStaff: 404, otherOrgAdmin: 404, anonymous: 401, breakGlass: 200, supporter: 403 },
};

interface World {
  t: TestApp;
  client: ClientRecord;
  people: Record<Exclude<ActorName, 'anonymous'>, Person>;
  /** Active staff of the client's organisation, made fresh for each call so write calls never collide. */
  freshStaff(role: 'clinician' | 'peer_coach' | 'case_manager'): Promise<Person>;
}

interface RouteCase {
  call(world: World, as: Api): Promise<Response>;
  /** Undo what an allowed call changed that would alter later rows' answers. */
  after?(world: World, response: Response): Promise<void>;
}

const REASON = 'Client called the crisis line; their team is off shift';

/** A fresh, non-overlapping visit time for each call (conflict checks are not what this matrix tests). */
let slot = 0;
const nextSlot = () => new Date(Date.now() + 30 * 86_400_000 + ++slot * 2 * 3600_000);

/** A scheduled visit of the client (or one that took place, attended by the whole team), written straight to the database. */
async function insertVisit(w: World, options: { past?: boolean } = {}): Promise<string> {
  const startsAt = options.past ? new Date(Date.now() - 30 * 86_400_000 - ++slot * 2 * 3600_000) : nextSlot();
  const endsAt = new Date(startsAt.getTime() + 30 * 60_000);
  const [row] = await w.t.db.query<{ id: string }[]>(
    `INSERT INTO visit (organization_id, client_id, kind, starts_at, ends_at, time_zone, busy_from, busy_until, status, created_by, created_at, updated_at)
     VALUES ($1, $2, 'video', $3, $4, 'America/Chicago', $3, $4, 'scheduled', $5, now(), now()) RETURNING id`,
    [w.client.organizationId, w.client.clientId, startsAt, endsAt, w.people.clinician.userId],
  );
  if (options.past) {
    await w.t.db.query(`INSERT INTO visit_attendee (visit_id, organization_id, user_id) SELECT $1, $2, unnest($3::uuid[])`, [
      row.id,
      w.client.organizationId,
      [w.people.clinician.userId, w.people.peerCoach.userId, w.people.caseManager.userId],
    ]);
  }
  return row.id;
}

/** Items 1..count all answered `value`. */
const allAnswers = (count: number, value: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [String(i + 1), value]));

const ROUTES = {
  'GET client': { call: (w, as) => as.get(`/clients/${w.client.clientId}`) },
  'PATCH client': { call: (w, as) => as.patch(`/clients/${w.client.clientId}`, { connectivity: 'mobile_data' }) },
  'GET care team': { call: (w, as) => as.get(`/clients/${w.client.clientId}/care-team`) },
  'POST care team member': {
    call: async (w, as) => as.post(`/clients/${w.client.clientId}/care-team`, { staffUserId: (await w.freshStaff('clinician')).userId, teamRole: 'clinician' }),
  },
  'POST handoff': {
    call: async (w, as) => {
      const from = await w.freshStaff('peer_coach');
      await addToTeam(w.t.db, w.client, from, 'peer_coach');
      const to = await w.freshStaff('peer_coach');
      return as.post(`/clients/${w.client.clientId}/care-team/handoffs`, { teamRole: 'peer_coach', fromStaffUserId: from.userId, toStaffUserId: to.userId });
    },
  },
  'POST end membership': {
    call: async (w, as) => {
      const membershipId = await addToTeam(w.t.db, w.client, await w.freshStaff('case_manager'), 'case_manager');
      return as.post(`/clients/${w.client.clientId}/care-team/${membershipId}/end`);
    },
  },
  'POST break-glass': {
    call: (w, as) => as.post(`/clients/${w.client.clientId}/break-glass`, { reason: REASON }),
    // A colleague who broke the glass here would have access in every later row.
    after: async (w, res) => {
      if (res.status === 201) await w.t.db.query(`DELETE FROM break_glass_grant WHERE id = $1`, [res.body.id]);
    },
  },
  'GET caseload': { call: (_w, as) => as.get('/caseload?limit=200') },
  'POST visit': { call: (w, as) => as.post(`/clients/${w.client.clientId}/visits`, { kind: 'video', startsAt: nextSlot().toISOString(), durationMinutes: 30 }) },
  'GET visits': { call: (w, as) => as.get(`/clients/${w.client.clientId}/visits`) },
  'GET visit': { call: async (w, as) => as.get(`/clients/${w.client.clientId}/visits/${await insertVisit(w)}`) },
  'POST reschedule visit': {
    call: async (w, as) => as.post(`/clients/${w.client.clientId}/visits/${await insertVisit(w)}/reschedule`, { startsAt: nextSlot().toISOString() }),
  },
  'POST cancel visit': { call: async (w, as) => as.post(`/clients/${w.client.clientId}/visits/${await insertVisit(w)}/cancel`, { reason: 'client unwell' }) },
  'POST visit status': { call: async (w, as) => as.post(`/clients/${w.client.clientId}/visits/${await insertVisit(w)}/status`, { status: 'confirmed' }) },
  'POST visit note': { call: async (w, as) => as.post(`/clients/${w.client.clientId}/visits/${await insertVisit(w, { past: true })}/notes`, { body: 'We met.' }) },
  'GET visit notes': { call: async (w, as) => as.get(`/clients/${w.client.clientId}/visits/${await insertVisit(w, { past: true })}/notes`) },
  'GET free slots': { call: (w, as) => as.get(`/clients/${w.client.clientId}/free-slots?staffUserIds=${w.people.clinician.userId}&durationMinutes=30`) },
  'GET audit events': { call: (w, as) => as.get(`/clients/${w.client.clientId}/audit-events`) },
  'GET audit CSV': { call: (w, as) => as.get(`/clients/${w.client.clientId}/audit-events.csv`) },
  'POST measure SPS': { call: (w, as) => as.post(`/clients/${w.client.clientId}/measures`, { instrument: 'SPS', answers: allAnswers(24, 2) }) },
  'POST measure PHQ-9': { call: (w, as) => as.post(`/clients/${w.client.clientId}/measures`, { instrument: 'PHQ-9', answers: allAnswers(9, 1) }) },
  'GET measures': { call: (w, as) => as.get(`/clients/${w.client.clientId}/measures`) },
  'GET measures ECR-R': { call: (w, as) => as.get(`/clients/${w.client.clientId}/measures?instrument=ECR-R`) },
} satisfies Record<string, RouteCase>;
type RouteName = keyof typeof ROUTES;

describe('access matrix: every client route × every kind of actor', () => {
  const world = {} as World;
  const tokens = new Map<ActorName, string>();

  beforeAll(async () => {
    const t = await startTestApp();
    const cast = await createMatrixCast(t);
    world.t = t;
    world.client = cast.client;
    world.freshStaff = (role) => createStaff(t.db, { id: cast.client.organizationId }, role, { supervisorUserId: cast.supervisorUserId });
    world.people = cast.people;
    for (const [name, token] of cast.tokens) tokens.set(name, token);
  });
  afterAll(async () => {
    await world.t.close();
  });

  const cases = (Object.keys(ROUTES) as RouteName[]).flatMap((route) => ACTORS.map((actor) => [route, actor, EXPECTED[route][actor]] as const));

  it.each(cases)('%s as %s → %s', async (route, actor, expected) => {
    const { t, client } = world;
    const before = await lastAuditEventId(t.db);
    const res = await ROUTES[route].call(world, api(t, tokens.get(actor)));
    await (ROUTES[route] as RouteCase).after?.(world, res);

    const listed = Array.isArray(res.body?.items) && res.body.items.some((item: { id: string }) => item.id === client.clientId);
    const answer: Outcome = expected === 'listed' || expected === 'unlisted' ? (res.status === 200 ? (listed ? 'listed' : 'unlisted') : (res.status as Outcome)) : (res.status as Outcome);
    expect({ route, actor, answer }).toEqual({ route, actor, answer: expected });

    // Every decision is on the audit trail, tied to the request; nobody's token, no decision, no event.
    const events = await auditEventsAfter(t.db, before);
    if (actor === 'anonymous') {
      expect(events).toEqual([]);
      return;
    }
    const mine = events.filter((e) => e.actor_user_id === world.people[actor].userId);
    const aboutClient = mine.filter((e) => e.client_id === client.clientId || e.subject_id === client.clientId);
    const outcome = { 200: 'allowed', 201: 'allowed', listed: 'allowed', 403: 'denied', 404: 'not_found' } as const;
    if (expected === 'unlisted') expect(aboutClient).toEqual([]);
    else if (route === 'GET caseload' && expected === 403) expect(mine.map((e) => e.outcome)).toEqual(['denied']);
    else expect(aboutClient.map((e) => e.outcome)).toContain(outcome[expected as keyof typeof outcome]);
    expect(mine.every((e) => e.request_id)).toBe(true);
    if (expected === 404) expect(aboutClient.every((e) => e.client_id === null)).toBe(true); // a probe is not linked to the record
  });
});

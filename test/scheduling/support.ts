import request from 'supertest';
import { DomainEvents, type DomainEventMap, type DomainEventName } from '@attune/platform';
import { addToTeam, createClient, createOrganization, createStaff, tokenFor, type ClientRecord, type Org, type Person } from '@attune/testing';
import type { TestApp } from '../support/test-app.js';

/** Calls /api/v1 as one person (or nobody). */
export function api(t: TestApp, token?: string) {
  const as = (test: request.Test) => (token ? test.set('authorization', `Bearer ${token}`) : test);
  return {
    get: (path: string) => as(request(t.url).get(`/api/v1${path}`)),
    post: (path: string, body: object = {}) => as(request(t.url).post(`/api/v1${path}`).send(body)),
    put: (path: string, body: object = {}) => as(request(t.url).put(`/api/v1${path}`).send(body)),
    patch: (path: string, body: object) => as(request(t.url).patch(`/api/v1${path}`).send(body)),
    delete: (path: string) => as(request(t.url).delete(`/api/v1${path}`)),
  };
}
export type Api = ReturnType<typeof api>;

/** Monday 2026-01-05, 06:00 in Chicago: every scheduling test starts here and moves the clock. */
export const MONDAY = new Date('2026-01-05T12:00:00Z');
/** Tokens outlive the weeks the tests move the clock across. */
export const LONG_TOKENS = { ACCESS_TOKEN_TTL_SECONDS: String(400 * 86_400) };

const TEAM_SINCE = new Date('2025-01-01T00:00:00Z');

export interface SchedulingWorld {
  org: Org;
  client: ClientRecord;
  clinician: Person;
  peerCoach: Person;
  caseManager: Person;
  supervisor: Person;
  as: { clinician: Api; peerCoach: Api; caseManager: Api; supervisor: Api; client: Api };
}

/** One client and a whole team whose memberships began long before the test clock. */
export async function schedulingWorld(t: TestApp): Promise<SchedulingWorld> {
  const org = await createOrganization(t.db);
  const supervisor = await createStaff(t.db, org, 'supervisor');
  const clinician = await createStaff(t.db, org, 'clinician', { supervisorUserId: supervisor.userId });
  const peerCoach = await createStaff(t.db, org, 'peer_coach', { supervisorUserId: supervisor.userId, timeZone: 'America/New_York' });
  const caseManager = await createStaff(t.db, org, 'case_manager', { supervisorUserId: supervisor.userId });
  const client = await createClient(t.db, org);
  for (const [person, role] of [[clinician, 'clinician'], [peerCoach, 'peer_coach'], [caseManager, 'case_manager']] as const) {
    await addToTeam(t.db, client, person, role, TEAM_SINCE);
  }
  const as = {
    clinician: api(t, await tokenFor(t.app, t.db, clinician)),
    peerCoach: api(t, await tokenFor(t.app, t.db, peerCoach)),
    caseManager: api(t, await tokenFor(t.app, t.db, caseManager)),
    supervisor: api(t, await tokenFor(t.app, t.db, supervisor)),
    client: api(t, await tokenFor(t.app, t.db, client)),
  };
  return { org, client, clinician, peerCoach, caseManager, supervisor, as };
}

export interface Captured<N extends DomainEventName> {
  name: N;
  event: DomainEventMap[N];
  committed: boolean;
}

/** Records every visit event, and whether its after-commit follow-up ran. */
export function captureVisitEvents(t: TestApp): Captured<DomainEventName>[] {
  const seen: Captured<DomainEventName>[] = [];
  const events = t.app.get(DomainEvents);
  for (const name of ['visit.scheduled', 'visit.series_scheduled', 'visit.rescheduled', 'visit.cancelled', 'visit.completed'] as const) {
    events.subscribe(name, (event) => {
      const entry: Captured<DomainEventName> = { name, event, committed: false };
      seen.push(entry);
      return Promise.resolve(() => {
        entry.committed = true;
        return Promise.resolve();
      });
    });
  }
  return seen;
}

export async function countVisits(t: TestApp, clientId: string): Promise<number> {
  const [row] = await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM visit WHERE client_id = $1`, [clientId]);
  return row.n;
}

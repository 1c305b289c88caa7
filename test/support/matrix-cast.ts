import { createCareTeam, createClient, createOrganization, createStaff, tokenFor, type ClientRecord, type Person } from '@attune/testing';
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
] as const;
export type MatrixActor = (typeof MATRIX_ACTORS)[number];

export interface MatrixCast {
  client: ClientRecord;
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
  const people: MatrixCast['people'] = {
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
  const grant = await fetch(`${t.url}/api/v1/clients/${team.client.clientId}/break-glass`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.get('breakGlass')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ reason: 'Client called the crisis line; their team is off shift' }),
  });
  if (grant.status !== 201) throw new Error(`break-glass for the matrix cast answered ${grant.status}`);
  return { client: team.client, supervisorUserId: team.supervisor.userId, people, tokens };
}

import { createCareTeam, createOrganization, tokenFor, type ClientRecord, type Person } from '@attune/testing';
import type { TestApp } from '../../support/test-app.js';
import { api } from './http.js';

export interface Team {
  client: ClientRecord;
  clinician: Person;
  peerCoach: Person;
  caseManager: Person;
  supervisor: Person;
  tokens: { client: string; clinician: string; peerCoach: string; caseManager: string; supervisor: string };
}

/** One client's IHATI team, each person signed in (a live session row and a real token). */
export async function createTeam(t: TestApp, orgId?: string): Promise<Team> {
  const org = orgId ? { id: orgId } : await createOrganization(t.db);
  const team = await createCareTeam(t.db, org);
  const sign = (p: Person) => tokenFor(t.app, t.db, p);
  return {
    client: team.client,
    clinician: team.clinician,
    peerCoach: team.peerCoach,
    caseManager: team.caseManager,
    supervisor: team.supervisor,
    tokens: {
      client: await sign(team.client),
      clinician: await sign(team.clinician),
      peerCoach: await sign(team.peerCoach),
      caseManager: await sign(team.caseManager),
      supervisor: await sign(team.supervisor),
    },
  };
}

/** Opens the client-with-whole-team thread and returns its id. */
export async function teamThread(t: TestApp, team: Team): Promise<string> {
  const res = await api(t, team.tokens.clinician).post(`/clients/${team.client.clientId}/message-threads`, { kind: 'client_team' }).expect(201);
  return res.body.id as string;
}

/** The session id inside a token (to revoke it directly, as a password reset or MFA enforcement does). */
export function sessionOf(token: string): string {
  return (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { sid: string }).sid;
}

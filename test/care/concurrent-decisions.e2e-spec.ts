import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { auditEventsAfter, createCareTeam, createOrganization, lastAuditEventId, tokenFor } from '@attune/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { api } from './http.js';

/**
 * The session check, the policy's facts and the audit insert are group-committed: requests that arrive
 * together share their statements. Each must still get its own decision, its own audit event, and a
 * signed-out session must be refused even when it rides in a batch with live ones.
 */
describe('decisions made together are each their own', () => {
  let t: TestApp;
  let mine: Awaited<ReturnType<typeof createCareTeam>>;
  let otherTeam: Awaited<ReturnType<typeof createCareTeam>>;
  let otherOrg: Awaited<ReturnType<typeof createCareTeam>>;

  beforeAll(async () => {
    t = await startTestApp({ worker: false });
    const org = await createOrganization(t.db);
    mine = await createCareTeam(t.db, org);
    otherTeam = await createCareTeam(t.db, org);
    otherOrg = await createCareTeam(t.db, await createOrganization(t.db));
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 30 reads sent at once by different people, each by its own rule, with one audit event each', async () => {
    const path = `/clients/${mine.client.clientId}`;
    const callers = [
      { who: 'own clinician', person: mine.clinician, status: 200, outcome: 'allowed' },
      { who: 'own peer coach', person: mine.peerCoach, status: 200, outcome: 'allowed' },
      { who: 'the client', person: mine.client, status: 200, outcome: 'allowed' },
      { who: 'another team', person: otherTeam.clinician, status: 403, outcome: 'denied' },
      { who: 'another client', person: otherTeam.client, status: 404, outcome: 'not_found' },
      { who: 'another organisation', person: otherOrg.clinician, status: 404, outcome: 'not_found' },
    ];
    const tokens = await Promise.all(callers.map((c) => tokenFor(t.app, t.db, c.person)));
    const before = await lastAuditEventId(t.db);
    const sends = Array.from({ length: 30 }, (_, i) => i % callers.length);
    const answers = await Promise.all(sends.map((c) => api(t, tokens[c]).get(path)));
    expect(answers.map((a, i) => ({ who: callers[sends[i]].who, status: a.status }))).toEqual(sends.map((c) => ({ who: callers[c].who, status: callers[c].status })));
    expect(answers.filter((a) => a.status === 200).every((a) => (a.body as { id: string }).id === mine.client.clientId)).toBe(true);

    const events = await auditEventsAfter(t.db, before);
    const byActor = (userId: string) => events.filter((e) => e.actor_user_id === userId).map((e) => e.outcome);
    for (const caller of callers) expect({ who: caller.who, outcomes: byActor(caller.person.userId) }).toEqual({ who: caller.who, outcomes: Array(5).fill(caller.outcome) });
  });

  it('refuses a signed-out session that arrives together with live ones', async () => {
    const live = await Promise.all([mine.clinician, mine.peerCoach, mine.caseManager].map((p) => tokenFor(t.app, t.db, p)));
    const ended = await tokenFor(t.app, t.db, mine.clinician);
    await api(t, ended).post('/auth/sign-out').expect(204);
    const answers = await Promise.all([...live, ended, ...live].map((token) => api(t, token).get('/auth/me')));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 401, 200, 200, 200]);
  });
});

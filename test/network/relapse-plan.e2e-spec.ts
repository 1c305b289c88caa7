import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createCareTeam, createOrganization, tokenFor, type ClientRecord } from '@attune/testing';
import { RelapsePlans } from '@attune/network';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { api, type Api } from './support/http.js';

describe('relapse-prevention plan', () => {
  let t: TestApp;
  let client: ClientRecord;
  const as = {} as Record<'peerCoach' | 'clinician' | 'client' | 'supervisor', Api>;
  const people = {} as Record<'rosa' | 'dee' | 'mack', string>;
  const path = (rest = '') => `/clients/${client.clientId}/relapse-plan${rest}`;
  const count = async (table: string) =>
    Number(
      (await t.db.query(`SELECT count(*) AS n FROM ${table} WHERE client_id = $1`, [client.clientId]))[0].n,
    );
  const content = (over: Record<string, unknown> = {}) => ({
    warningSigns: ['Skipping meetings', 'Not sleeping'],
    triggers: [
      { category: 'places', description: 'The bar on 5th' },
      { category: 'feelings', description: 'Lonely evenings' },
    ],
    copingStrategies: ['Walk the dog', 'Call before deciding'],
    peopleToCall: [people.rosa, people.dee],
    reasonsForRecovery: ['My kids'],
    crisisLines: [{ name: '988 Lifeline', phone: '988' }],
    ...over,
  });

  beforeAll(async () => {
    t = await startTestApp({ worker: false });
    const team = await createCareTeam(t.db, await createOrganization(t.db));
    client = team.client;
    for (const [name, person] of Object.entries({
      peerCoach: team.peerCoach,
      clinician: team.clinician,
      client: team.client,
      supervisor: team.supervisor,
    })) {
      as[name as keyof typeof as] = api(t, await tokenFor(t.app, t.db, person));
    }
    const map = `/clients/${client.clientId}/social-map/people`;
    people.rosa = (
      await as.client.post(map, { name: 'Rosa Díaz', label: 'supportive', phone: '+13125550111' }).expect(201)
    ).body.id;
    people.dee = (
      await as.peerCoach.post(map, { name: 'Dee', label: 'supportive', phone: '+13125550122' }).expect(201)
    ).body.id;
    people.mack = (
      await as.peerCoach
        .post(map, { name: 'Mack', label: 'risky', inRecovery: true, relationship: 'old friend' })
        .expect(201)
    ).body.id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('starts empty at version 0; the client writes version 1', async () => {
    expect((await as.clinician.get(path()).expect(200)).body).toMatchObject({
      version: 0,
      content: { warningSigns: [], peopleToCall: [] },
    });
    const v1 = (await as.client.put(path(), { baseVersion: 0, content: content() }).expect(200)).body;
    expect(v1).toMatchObject({ version: 1, changedByRole: 'client', proposalId: null });
    expect(v1.changedFields).toEqual([
      'warningSigns',
      'triggers',
      'copingStrategies',
      'peopleToCall',
      'reasonsForRecovery',
      'crisisLines',
    ]);
    expect((await as.peerCoach.get(path()).expect(200)).body.content).toEqual(content());
  });

  it('only the client edits directly; the team proposes instead', async () => {
    await as.peerCoach.put(path(), { baseVersion: 1, content: content() }).expect(403);
    await as.client.post(path('/proposals'), { baseVersion: 1, content: content() }).expect(403);
    await as.supervisor.post(path('/proposals'), { baseVersion: 1, content: content() }).expect(403);
  });

  it('a proposal the client accepts becomes N+1; a second proposal on the same base is then stale: 409 on accept, nothing written', async () => {
    const first = (
      await as.peerCoach
        .post(path('/proposals'), {
          baseVersion: 1,
          content: content({ copingStrategies: ['Walk the dog', 'Tuesday meeting'] }),
          note: 'Add the meeting',
        })
        .expect(201)
    ).body;
    const second = (
      await as.clinician
        .post(path('/proposals'), {
          baseVersion: 1,
          content: content({ reasonsForRecovery: ['My kids', 'My job'] }),
        })
        .expect(201)
    ).body;
    expect(first).toMatchObject({ baseVersion: 1, status: 'pending' });

    const v2 = (await as.client.post(path(`/proposals/${first.id}/accept`)).expect(200)).body;
    expect(v2).toMatchObject({
      version: 2,
      changedFields: ['copingStrategies'],
      changedByRole: 'client',
      proposalId: first.id,
    });
    expect(v2.proposedBy).toEqual(expect.any(String));

    const versions = await count('relapse_plan_version');
    const stale = await as.client.post(path(`/proposals/${second.id}/accept`)).expect(409);
    expect(stale.body.errors[0].field).toBe('baseVersion');
    expect(await count('relapse_plan_version')).toBe(versions);
    const pending = (await as.client.get(path('/proposals')).expect(200)).body.find(
      (p: { id: string }) => p.id === second.id,
    );
    expect(pending.status).toBe('pending');

    // The client declines it instead; a decided proposal cannot be decided again.
    expect((await as.client.post(path(`/proposals/${second.id}/decline`)).expect(200)).body.status).toBe(
      'declined',
    );
    await as.client.post(path(`/proposals/${second.id}/accept`)).expect(409);
    await as.client.post(path(`/proposals/${first.id}/decline`)).expect(409);
  });

  it('a proposal made on an old version is refused with 409 and nothing is written', async () => {
    const proposals = await count('relapse_plan_proposal');
    const res = await as.clinician
      .post(path('/proposals'), { baseVersion: 1, content: content() })
      .expect(409);
    expect(res.body.errors[0].field).toBe('baseVersion');
    await as.client.put(path(), { baseVersion: 1, content: content() }).expect(409);
    expect(await count('relapse_plan_proposal')).toBe(proposals);
    expect((await as.clinician.get(path()).expect(200)).body.version).toBe(2);
  });

  it('keeps every version with who changed which sections', async () => {
    const versions = (await as.supervisor.get(path('/versions')).expect(200)).body;
    expect(
      versions.map((v: { version: number; changedFields: string[]; changedByRole: string }) => [
        v.version,
        v.changedFields,
        v.changedByRole,
      ]),
    ).toEqual([
      [2, ['copingStrategies'], 'client'],
      [
        1,
        ['warningSigns', 'triggers', 'copingStrategies', 'peopleToCall', 'reasonsForRecovery', 'crisisLines'],
        'client',
      ],
    ]);
  });

  it('refuses people who are not on the map and unknown trigger categories, naming the field', async () => {
    const stranger = await as.client
      .put(path(), {
        baseVersion: 2,
        content: content({ peopleToCall: [people.rosa, '00000000-0000-4000-8000-000000000000'] }),
      })
      .expect(422);
    expect(stranger.body.errors[0].field).toBe('peopleToCall.1');
    const twice = await as.client
      .put(path(), { baseVersion: 2, content: content({ peopleToCall: [people.rosa, people.rosa] }) })
      .expect(422);
    expect(twice.body.errors[0].field).toBe('peopleToCall.1');
    const category = await as.client
      .put(path(), {
        baseVersion: 2,
        content: content({ triggers: [{ category: 'weather', description: 'Rain' }] }),
      })
      .expect(400);
    expect(category.body.errors[0].field).toBe('content.triggers.0.category');
    expect((await as.clinician.get(path()).expect(200)).body.version).toBe(2);
  });

  it('the SMS text has first names, phones only the client gave, no third-party labels, and fits 3 segments', async () => {
    await as.client
      .put(path(), {
        baseVersion: 2,
        content: content({ peopleToCall: [people.rosa, people.dee, people.mack] }),
      })
      .expect(200);
    const { text, segments, version } = (await as.client.get(path('/text')).expect(200)).body;
    expect(version).toBe(3);
    expect(text).toBe(
      'My plan. Crisis: 988 Lifeline 988. Call: Rosa +13125550111; Dee; Mack. Cope: Walk the dog; Call before deciding. Signs: Skipping meetings; Not sleeping. Why: My kids.',
    );
    expect(segments).toBe(2); // 166 GSM-7 characters: two segments of 153
    for (const word of ['supportive', 'risky', 'neutral', 'recovery', 'old friend', 'Díaz', '+13125550122'])
      expect(text).not.toContain(word);
  });

  it('a long plan is cut to whole items within 3 segments and says there is more', async () => {
    const long = Array.from(
      { length: 20 },
      (_, i) => `Coping step number ${i + 1} with some words to make it longer`,
    );
    await as.client.put(path(), { baseVersion: 3, content: content({ copingStrategies: long }) }).expect(200);
    const { text, segments } = (await as.client.get(path('/text')).expect(200)).body;
    expect(segments).toBeLessThanOrEqual(3);
    expect(text.length).toBeLessThanOrEqual(459);
    expect(text).toContain('Crisis: 988 Lifeline 988.');
    expect(text.endsWith('(More in the app.)')).toBe(true);
    const shown = long.filter((step) => text.includes(step));
    expect(shown.length).toBeGreaterThan(2);
    expect(shown).toEqual(long.slice(0, shown.length));
  });

  it('the coping steps are the coping strategies and crisis lines only', async () => {
    const coping = (await as.supervisor.get(path('/coping')).expect(200)).body;
    expect(Object.keys(coping).sort()).toEqual(['copingStrategies', 'crisisLines', 'version']);
    expect(coping.crisisLines).toEqual([{ name: '988 Lifeline', phone: '988' }]);
    const direct = await RelapsePlans.copingOf(t.db.manager, client.organizationId, client.clientId);
    expect(direct).toEqual(coping);
  });
});

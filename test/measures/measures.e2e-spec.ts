import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createCareTeam, createOrganization, createStaff, tokenFor } from '@attune/testing';
import { api, type Api } from '../care/http.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Items 1..count all answered `value`, plus any overrides. */
const all = (count: number, value: number, extra: Record<string, number> = {}) => ({
  ...Object.fromEntries(Array.from({ length: count }, (_, i) => [String(i + 1), value])),
  ...extra,
});

/** One hand-computed vector per instrument (the same as libs/measures/src/score-response.spec.ts). */
const BAM_ANSWERS: Record<string, number> = {};
for (const n of [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]) BAM_ANSWERS[String(n)] = n % 5;
for (const letter of 'ABCDEFG') BAM_ANSWERS[`7${letter}`] = 2;

const VECTORS: [string, Record<string, number>, Record<string, number | string>][] = [
  ['ECR-R', all(36, 1), { anxiety: 1.67, avoidance: 5 }],
  ['RFQ-8', { 1: 1, 2: 7, 3: 2, 4: 5, 5: 6, 6: 3, 7: 1, 8: 7 }, { rfq_c: 1, rfq_u: 2 }],
  [
    'SPS',
    Object.fromEntries(Array.from({ length: 24 }, (_, i) => [String(i + 1), (i % 4) + 1])),
    { attachment: 11, social_integration: 11, reassurance_of_worth: 12, reliable_alliance: 10, guidance: 12, opportunity_for_nurturance: 10, total: 66 },
  ],
  ['PHQ-9', all(9, 0, { 1: 3, 2: 3, 3: 3, 4: 1 }), { total: 10, severity: 'moderate' }],
  ['GAD-7', all(7, 0, { 1: 3, 2: 3, 3: 3, 4: 3, 5: 3 }), { total: 15, severity: 'severe' }],
  ['BAM', BAM_ANSWERS, { use: 5, risk: 10, protective: 14 }],
];

describe('outcome measures over HTTP', () => {
  let t: TestApp;
  let clientId: string;
  const as = {} as Record<'clinician' | 'peerCoach' | 'caseManager' | 'client' | 'admin' | 'otherOrg', Api>;
  const path = () => `/clients/${clientId}/measures`;
  const count = async () => Number((await t.db.query(`SELECT count(*) AS n FROM measure_response WHERE client_id = $1`, [clientId]))[0].n);

  beforeAll(async () => {
    t = await startTestApp({ worker: false });
    const org = await createOrganization(t.db);
    const team = await createCareTeam(t.db, org);
    clientId = team.client.clientId;
    const otherOrgStaff = await createStaff(t.db, await createOrganization(t.db), 'clinician');
    for (const [name, person] of Object.entries({ clinician: team.clinician, peerCoach: team.peerCoach, caseManager: team.caseManager, client: team.client, admin: team.admin, otherOrg: otherOrgStaff })) {
      as[name as keyof typeof as] = api(t, await tokenFor(t.app, t.db, person));
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists the instruments by code, items numbered from 1, with unscored items and the BAM skip rule', async () => {
    const res = await as.peerCoach.get('/instruments').expect(200);
    expect(res.body.map((i: { code: string }) => i.code)).toEqual(['ECR-R', 'RFQ-8', 'SPS', 'PHQ-9', 'GAD-7', 'BAM']);
    const ecr = res.body[0];
    expect(ecr.items).toHaveLength(36);
    expect(ecr.items[0]).toEqual({ key: '1', min: 1, max: 7 });
    expect(ecr.licence).toEqual(expect.any(String));
    const bam = res.body[5];
    expect(bam.items.map((i: { key: string }) => i.key)).toContain('7A');
    expect(bam.unscored).toEqual(['7A', '7B', '7C', '7D', '7E', '7F', '7G', '17']);
    expect(bam.skipRule).toMatch(/7A–7G.*item 6/);
    expect(res.body[3].skipRule).toBeNull();
    await api(t).get('/instruments').expect(401);
  });

  it.each(VECTORS)('stores and scores %s through HTTP', async (instrument, answers, scores) => {
    const res = await as.client.post(path(), { instrument, answers }).expect(201);
    expect(res.body).toEqual({ id: expect.any(String), instrument, answers, scores, submittedAt: expect.any(String) });
    const [row] = await t.db.query(`SELECT instrument, answers, scores, submitted_by FROM measure_response WHERE id = $1`, [res.body.id]);
    expect(row).toMatchObject({ instrument, answers, scores });
  });

  it('refuses an incomplete, out-of-range or unknown submission with 422 naming the items, and writes nothing', async () => {
    const before = await count();
    const res = await as.clinician.post(path(), { instrument: 'ECR-R', answers: { ...all(36, 4, { 3: 0, 5: 8 }), 37: 4, 12: undefined } }).expect(422);
    expect(res.body.errors).toEqual([
      { field: 'answers.37', message: 'is not an item of this instrument' },
      { field: 'answers.3', message: 'must be a whole number from 1 to 7' },
      { field: 'answers.5', message: 'must be a whole number from 1 to 7' },
      { field: 'answers.12', message: 'is missing' },
    ]);
    const bam = await as.clinician.post(path(), { instrument: 'BAM', answers: { ...BAM_ANSWERS, 6: 0 } }).expect(422);
    expect(bam.body.errors.map((e: { field: string }) => e.field)).toEqual(['answers.7A', 'answers.7B', 'answers.7C', 'answers.7D', 'answers.7E', 'answers.7F', 'answers.7G']);
    const unknown = await as.clinician.post(path(), { instrument: 'BDI', answers: { 1: 1 } }).expect(422);
    expect(unknown.body.errors).toEqual([{ field: 'instrument', message: 'must be one of ECR-R, RFQ-8, SPS, PHQ-9, GAD-7, BAM' }]);
    await as.clinician.post(path(), { instrument: 'PHQ-9' }).expect(400);
    expect(await count()).toBe(before);
  });

  it('lists responses newest first, filtered by instrument', async () => {
    t.clock.set(new Date(t.clock.now().getTime() + 60_000));
    const later = await as.caseManager.post(path(), { instrument: 'PHQ-9', answers: all(9, 3) }).expect(201);
    expect(later.body.scores).toEqual({ total: 27, severity: 'severe' });
    const phq = (await as.clinician.get(`${path()}?instrument=PHQ-9`).expect(200)).body;
    expect(phq.map((r: { id: string }) => r.id)[0]).toBe(later.body.id);
    expect(phq.map((r: { scores: { total: number } }) => r.scores.total)).toEqual([27, 10]);
    const everything = (await as.clinician.get(path()).expect(200)).body as { instrument: string; submittedAt: string }[];
    expect(new Set(everything.map((r) => r.instrument))).toEqual(new Set(['ECR-R', 'RFQ-8', 'SPS', 'PHQ-9', 'GAD-7', 'BAM']));
    const times = everything.map((r) => r.submittedAt);
    expect([...times].sort().reverse()).toEqual(times);
    await as.clinician.get(`${path()}?instrument=BDI`).expect(422);
  });

  it('shows a peer coach the SPS and the BAM only, and lets them submit only those', async () => {
    const seen = (await as.peerCoach.get(path()).expect(200)).body as { instrument: string }[];
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen.map((r) => r.instrument))).toEqual(new Set(['SPS', 'BAM']));
    await as.peerCoach.get(`${path()}?instrument=ECR-R`).expect(403);
    expect((await as.peerCoach.get(`${path()}?instrument=BAM`).expect(200)).body.length).toBeGreaterThan(0);
    const before = await count();
    await as.peerCoach.post(path(), { instrument: 'GAD-7', answers: all(7, 1) }).expect(403);
    expect(await count()).toBe(before);
    await as.peerCoach.post(path(), { instrument: 'SPS', answers: all(24, 2) }).expect(201);
  });

  it('gives an admin nothing and another organisation a 404', async () => {
    await as.admin.get(path()).expect(403);
    await as.admin.post(path(), { instrument: 'SPS', answers: all(24, 2) }).expect(403);
    const before = await count();
    await as.otherOrg.get(path()).expect(404);
    await as.otherOrg.post(path(), { instrument: 'SPS', answers: all(24, 2) }).expect(404);
    expect(await count()).toBe(before);
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createCareTeam, createOrganization, tokenFor, type ClientRecord, type Person } from '@attune/testing';
import { api, type Api } from '../reminders/support/http.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Templates (versioning, import/export), a client's plan (weekly unlocks at local midnight across DST,
 * activities, reflections, sign-off, pause/resume, moving version) and progress figures, by hand.
 * Run with TZ=America/Chicago: the process zone must never matter.
 */
interface Module {
  week: number;
  title: string;
  unlockDate: string;
  unlocksAt: string;
  unlocked: boolean;
  dueDate: string;
  overdue: boolean;
  status: string;
  activities: { key: string; status: string; reflection?: string | null; hasReflection: boolean }[];
}

interface PlanBody {
  templateVersionId: string;
  templateVersion: number;
  pausedOn: string | null;
  progress: Record<string, number | boolean>;
  modules: (Module & Record<string, unknown>)[];
}

describe('curriculum: templates, plans and progress', () => {
  let t: TestApp;
  let client: ClientRecord;
  const as = {} as Record<'clinician' | 'peerCoach' | 'caseManager' | 'client' | 'admin' | 'supervisor', Api>;
  let defaultTemplateId: string;
  const plan = async (who: Api = as.clinician): Promise<PlanBody> => (await who.get(`/clients/${client.clientId}/curriculum`).expect(200)).body as PlanBody;
  let people: Record<keyof typeof as, Person>;
  /** Moves the clock and signs everyone in again (an access token lives minutes, not weeks). */
  const at = async (iso: string) => {
    t.clock.set(new Date(iso));
    for (const [name, person] of Object.entries(people)) as[name as keyof typeof as] = api(t, await tokenFor(t.app, t.db, person));
  };

  const unlockReminders = () =>
    t.db.query<{ due_at: Date; status: string }[]>(`SELECT due_at, status FROM reminder WHERE kind = 'curriculum' AND client_id = $1 ORDER BY due_at`, [client.clientId]);

  beforeAll(async () => {
    // 2026-03-20: before the start. The client lives in London (BST from 2026-03-29 01:00 UTC).
    t = await startTestApp({ worker: false, now: new Date('2026-03-20T12:00:00Z') });
    const org = await createOrganization(t.db);
    const team = await createCareTeam(t.db, org);
    client = team.client;
    await t.db.query(`UPDATE user_account SET time_zone = 'Europe/London' WHERE id = $1`, [client.userId]);
    await t.db.query(`UPDATE client SET programme_start_date = '2026-03-23' WHERE id = $1`, [client.clientId]);
    await t.db.query(`UPDATE care_team_membership SET starts_at = '2026-01-01' WHERE organization_id = $1`, [org.id]); // on the team before the clock
    people = { clinician: team.clinician, peerCoach: team.peerCoach, caseManager: team.caseManager, client: team.client, admin: team.admin, supervisor: team.supervisor };
    await at('2026-03-20T12:00:00Z');
  });
  afterAll(async () => {
    await t.close();
  });

  it('ships the default template (52 weeks, five phases) and loads it once per organisation', async () => {
    const first = (await as.clinician.get('/curriculum/templates').expect(200)).body;
    await as.admin.get('/curriculum/templates').expect(200);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ version: 1, totalWeeks: 52, isDefault: true });
    defaultTemplateId = first[0].templateId;
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM curriculum_template_version WHERE organization_id = $1`, [client.organizationId]);
    expect(n).toBe(1);
    const doc = (await as.clinician.get(`/curriculum/templates/${defaultTemplateId}/export`).expect(200)).body;
    expect(doc.phases.map((p: { fromWeek: number; toWeek: number }) => `${p.fromWeek}-${p.toWeek}`)).toEqual(['1-4', '5-12', '13-26', '27-39', '40-52']);
    expect(doc.modules.map((m: { week: number }) => m.week)).toEqual(Array.from({ length: 52 }, (_, i) => i + 1));
    const kinds = new Set(doc.modules.flatMap((m: { activities: { kind: string }[] }) => m.activities.map((a) => a.kind)));
    expect([...kinds].sort()).toEqual(['meeting', 'practice', 'reading', 'reflection']);
  });

  it('exports and re-imports to the same document; a bad import is refused with 422 naming the path', async () => {
    const doc = (await as.admin.get(`/curriculum/templates/${defaultTemplateId}/export`).expect(200)).body;
    const imported = (await as.admin.post('/curriculum/templates', doc).expect(201)).body;
    expect(imported).toMatchObject({ version: 1, isDefault: false, totalWeeks: 52 });
    const again = (await as.admin.get(`/curriculum/templates/${imported.templateId}/export`).expect(200)).body;
    expect(again).toEqual(doc);

    const bad = structuredClone(doc);
    bad.modules[1].activities[0].kind = 'dance';
    delete bad.modules[3].teamGuide.leadRole;
    const before = await t.db.query(`SELECT count(*)::int AS n FROM curriculum_template_version`);
    const res = await as.admin.post('/curriculum/templates', bad).expect(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['modules[1].activities[0].kind', 'modules[3].teamGuide.leadRole']);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM curriculum_template_version`)).toEqual(before);
    await as.clinician.post('/curriculum/templates', doc).expect(403);
  });

  it('enrols from the programme start; week 2 unlocks at London midnight across the change to summer time', async () => {
    const enrolled = (await as.clinician.post(`/clients/${client.clientId}/curriculum`, {}).expect(201)).body;
    expect(enrolled).toMatchObject({ startDate: '2026-03-23', timeZone: 'Europe/London', templateVersion: 1 });
    expect(enrolled.progress).toMatchObject({ currentWeek: 0, totalWeeks: 52 });
    const [w1, w2] = enrolled.modules as Module[];
    expect(w1.unlocksAt).toBe('2026-03-23T00:00:00.000Z'); // GMT
    expect(w2.unlockDate).toBe('2026-03-30');
    expect(w2.unlocksAt).toBe('2026-03-29T23:00:00.000Z'); // BST: local midnight is 23:00 UTC
    await as.clinician.post(`/clients/${client.clientId}/curriculum`, {}).expect(409);
    // A reminder on the morning each week ahead unlocks: 09:00 in London, GMT and then BST.
    const planned = await unlockReminders();
    expect(planned).toHaveLength(52); // enrolled before the start: week 1 is ahead too
    expect(planned.slice(0, 2).map((r) => [r.due_at.toISOString(), r.status])).toEqual([['2026-03-23T09:00:00.000Z', 'scheduled'], ['2026-03-30T08:00:00.000Z', 'scheduled']]);
    expect(planned.at(-1)!.due_at.toISOString()).toBe('2027-03-15T09:00:00.000Z');

    await at('2026-03-29T22:59:00Z'); // 23:59 in London on the 29th (and 17:59 in the process zone)
    let p = await plan();
    expect(p.progress.currentWeek).toBe(1);
    expect(p.modules[1].unlocked).toBe(false);
    await as.client.patch(`/clients/${client.clientId}/curriculum/activities/w2-1`, { status: 'done' }).expect(409);
    await at('2026-03-29T23:00:00Z'); // 00:00 in London on the 30th
    p = await plan();
    expect(p.progress.currentWeek).toBe(2);
    expect(p.modules[1].unlocked).toBe(true);
  });

  it('unlocks at Denver midnight across the return to standard time', async () => {
    const org = await createOrganization(t.db);
    const team = await createCareTeam(t.db, org);
    await t.db.query(`UPDATE user_account SET time_zone = 'America/Denver' WHERE id = $1`, [team.client.userId]);
    await t.db.query(`UPDATE client SET programme_start_date = '2026-10-26' WHERE id = $1`, [team.client.clientId]);
    await t.db.query(`UPDATE care_team_membership SET starts_at = '2026-01-01' WHERE organization_id = $1`, [org.id]);
    const res = await api(t, await tokenFor(t.app, t.db, team.clinician)).post(`/clients/${team.client.clientId}/curriculum`, {}).expect(201);
    expect(res.body.modules[0].unlocksAt).toBe('2026-10-26T06:00:00.000Z'); // MDT, UTC−6
    expect(res.body.modules[1].unlocksAt).toBe('2026-11-02T07:00:00.000Z'); // MST, UTC−7 after 1 November
  });

  it('computes progress by hand: week 3 of 52, 50 % of unlocked activities done, one module overdue', async () => {
    await at('2026-04-07T12:00:00Z'); // London 7 April: weeks 1 (23 Mar), 2 (30 Mar), 3 (6 Apr) unlocked: 3 + 2 + 2 activities
    const path = (key: string) => `/clients/${client.clientId}/curriculum/activities/${key}`;
    await as.client.patch(path('w1-1'), { status: 'done' }).expect(200);
    await as.peerCoach.patch(path('w1-2'), { status: 'done' }).expect(200);
    const noReason = await as.client.patch(path('w1-3'), { status: 'skipped' }).expect(422);
    expect(noReason.body.errors[0].field).toBe('skipReason');
    await as.client.patch(path('w1-3'), { status: 'skipped', skipReason: 'No phone signal that week' }).expect(200);
    await as.client.patch(path('w2-1'), { status: 'done' }).expect(200);
    // done 3; unlocked 7, one skipped → 3 / 6 = 50 %. Week 1 done; week 2 in progress and due when week 3 unlocked (6 Apr): overdue.
    const p = await plan();
    expect(p.progress).toEqual({ currentWeek: 3, totalWeeks: 52, activitiesDone: 3, activitiesUnlocked: 7, percentDone: 50, modulesOverdue: 1, paused: false });
    expect(p.modules.slice(0, 3).map((m: Module) => [m.status, m.overdue])).toEqual([['done', false], ['in_progress', true], ['not_started', false]]);

    const caseload = (await as.clinician.get('/caseload/curriculum-progress').expect(200)).body;
    expect(caseload).toEqual([
      { clientId: client.clientId, preferredName: client.preferredName, status: 'active', enrolled: true, paused: false, currentWeek: 3, totalWeeks: 52, activitiesDone: 3, activitiesUnlocked: 7, percentDone: 50, modulesOverdue: 1 },
    ]);
  });

  it('answers the caseload progress view in at most five SQL queries', async () => {
    const statements: string[] = [];
    const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
    const original = proto.query;
    proto.query = function (this: unknown, ...args: unknown[]) {
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text;
      if (text && !/^(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)/i.test(text.trim())) statements.push(text);
      return original.apply(this, args);
    };
    try {
      await as.supervisor.get('/caseload/curriculum-progress').expect(200);
    } finally {
      proto.query = original;
    }
    // The guard's session check, the one progress query and the audit insert for the listed clients.
    expect(statements.length).toBeLessThanOrEqual(5);
    expect(statements.filter((q) => q.includes('curriculum_plan_module'))).toHaveLength(1);
  });

  it('keeps reflections to the client, who alone writes them; the peer coach sees only that one exists', async () => {
    const path = `/clients/${client.clientId}/curriculum/activities/w2-2`;
    await as.clinician.patch(path, { reflection: 'Written by staff' }).expect(403);
    await as.client.patch(path, { status: 'done', reflection: 'My grandmother was the one who came.' }).expect(200);
    const byClinician = (await plan()).modules[1].activities[1];
    expect(byClinician).toMatchObject({ status: 'done', reflection: 'My grandmother was the one who came.', hasReflection: true });
    const byCoach = (await plan(as.peerCoach)).modules[1].activities[1];
    expect(byCoach.hasReflection).toBe(true);
    expect(byCoach).not.toHaveProperty('reflection');
    expect(t.logs.join('\n')).not.toContain('grandmother');
  });

  it('signs off a module that is done, not one in progress', async () => {
    const signed = (await as.peerCoach.post(`/clients/${client.clientId}/curriculum/modules/1/sign-off`, { note: 'Good start' }).expect(200)).body;
    expect(signed.modules[0]).toMatchObject({ signedOffAt: expect.any(String), reviewNote: 'Good start' });
    await as.peerCoach.post(`/clients/${client.clientId}/curriculum/modules/1/sign-off`, {}).expect(409);
    await as.clinician.post(`/clients/${client.clientId}/curriculum/modules/3/sign-off`, {}).expect(409);
    await as.clinician.post(`/clients/${client.clientId}/curriculum/modules/9/sign-off`, {}).expect(409); // locked
    const bad = await as.clinician.post(`/clients/${client.clientId}/curriculum/modules/0/sign-off`, {}).expect(422);
    expect(bad.body.errors[0].field).toBe('week');
  });

  it('pause and resume (a hospital stay) move the later unlocks by the days paused', async () => {
    await at('2026-04-07T15:00:00Z');
    expect((await as.clinician.post(`/clients/${client.clientId}/curriculum/pause`).expect(200)).body.pausedOn).toBe('2026-04-07');
    await as.clinician.post(`/clients/${client.clientId}/curriculum/pause`).expect(409);
    expect((await unlockReminders()).filter((r) => r.status === 'scheduled')).toEqual([]); // nothing unlocks while paused
    await at('2026-04-17T10:00:00Z'); // ten days later: nothing unlocked meanwhile, nothing new overdue
    let p = await plan();
    // Week 2 is done now; week 3 (due 13 Apr without the pause) is not overdue: the pause day stands for today.
    expect(p.progress).toMatchObject({ currentWeek: 3, modulesOverdue: 0, paused: true });
    p = (await as.caseManager.post(`/clients/${client.clientId}/curriculum/resume`).expect(200)).body;
    expect(p.pausedOn).toBeNull();
    // Weeks 1–3 had unlocked by 7 April and stay; week 4 (13 Apr) and later move 10 days.
    expect(p.modules.slice(0, 5).map((m: Module) => m.unlockDate)).toEqual(['2026-03-23', '2026-03-30', '2026-04-06', '2026-04-23', '2026-04-30']);
    expect(p.modules[51].unlockDate).toBe('2027-03-25');
    const again = (await unlockReminders()).filter((r) => r.status === 'scheduled');
    expect(again).toHaveLength(49); // weeks 4–52, each at 09:00 London on its new date
    expect([again[0].due_at.toISOString(), again.at(-1)!.due_at.toISOString()]).toEqual(['2026-04-23T08:00:00.000Z', '2027-03-25T09:00:00.000Z']);
    // Week 3 is due when week 4 unlocks (23 Apr): the stay does not make it overdue.
    expect(p.progress).toMatchObject({ currentWeek: 3, modulesOverdue: 0, paused: false });
    expect(p.modules[2].dueDate).toBe('2026-04-23');
    await as.clinician.post(`/clients/${client.clientId}/curriculum/resume`).expect(409);
    await as.peerCoach.post(`/clients/${client.clientId}/curriculum/pause`).expect(403);
  });

  it("an edit makes a new version and never changes an enrolled client's plan; moving is explicit and keeps progress", async () => {
    const current = (await plan()).templateVersionId;
    const doc = (await as.admin.get(`/curriculum/templates/${defaultTemplateId}/export`).expect(200)).body;
    doc.modules[0].title = 'Meeting your team (revised)';
    const v2 = (await as.admin.put(`/curriculum/templates/${defaultTemplateId}`, doc).expect(200)).body;
    expect(v2).toMatchObject({ templateId: defaultTemplateId, version: 2 });
    let p = await plan();
    expect(p.templateVersionId).toBe(current);
    expect(p.templateVersion).toBe(1);
    expect(p.modules[0].title).toBe('Meeting your team');
    await expect(t.db.query(`UPDATE curriculum_template_version SET name = 'x' WHERE id = $1`, [current])).rejects.toThrow(/immutable/);

    const moved = await as.clinician.post(`/clients/${client.clientId}/curriculum/move`, { templateVersionId: v2.id });
    p = moved.body;
    expect(moved.status).toBe(200);
    expect(p).toMatchObject({ templateVersion: 2, templateVersionId: v2.id });
    expect(p.modules[0].title).toBe('Meeting your team (revised)');
    expect(p.modules[0].activities.map((a: { status: string }) => a.status)).toEqual(['done', 'done', 'skipped']);
    expect(p.modules[3].unlockDate).toBe('2026-04-23'); // the pause shift stays
    expect(p.progress).toMatchObject({ currentWeek: 3, activitiesDone: 4 });
    await as.clinician.post(`/clients/${client.clientId}/curriculum/move`, { templateVersionId: v2.id }).expect(409);
  });
});

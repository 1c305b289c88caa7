import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addToTeam, auditEventsAfter, createClient, createOrganization, createStaff, lastAuditEventId, tokenFor, type ClientRecord, type Org, type Person } from '@attune/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { api, type Api } from './http.js';

interface Entry {
  id: string;
  teamRole: string | null;
  status: string;
  team: { userId: string; teamRole: string }[];
}

describe('caseload', () => {
  let t: TestApp;
  let org: Org;
  let clinician: Person;
  let coach: Person;
  let supervisor: Person;
  let admin: Person;
  let mine: ClientRecord[];
  let others: ClientRecord[];

  const as = async (person: Person) => api(t, await tokenFor(t.app, t.db, person));
  const ids = (entries: Entry[]) => entries.map((e) => e.id);

  /** Follows nextCursor to the end, checking each page's size. */
  const everyPage = async (who: Api, limit: number) => {
    const seen: Entry[] = [];
    let cursor: string | null = null;
    do {
      const page = (await who.get(`/caseload?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`).expect(200)).body as { items: Entry[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(limit);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return seen;
  };

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.db);
    supervisor = await createStaff(t.db, org, 'supervisor');
    admin = await createStaff(t.db, org, 'admin');
    clinician = await createStaff(t.db, org, 'clinician');
    coach = await createStaff(t.db, org, 'peer_coach');
    mine = [];
    others = [];
    for (let i = 0; i < 5; i++) {
      const client = await createClient(t.db, org);
      await addToTeam(t.db, client, clinician, 'clinician');
      await addToTeam(t.db, client, coach, 'peer_coach');
      mine.push(client);
    }
    for (let i = 0; i < 2; i++) others.push(await createClient(t.db, org));
    await createClient(t.db, await createOrganization(t.db)); // another organisation's: never listed
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows a clinician their own clients with their role and team, audited one event per client', async () => {
    const before = await lastAuditEventId(t.db);
    const { body } = await (await as(clinician)).get('/caseload').expect(200);
    expect(ids(body.items).sort()).toEqual(mine.map((c) => c.clientId).sort());
    expect(body.nextCursor).toBeNull();
    for (const entry of body.items as Entry[]) {
      expect(entry.teamRole).toBe('clinician');
      expect(entry.team.map((m) => m.userId).sort()).toEqual([clinician.userId, coach.userId].sort());
      expect(Object.keys(entry).sort()).toEqual(['connectivity', 'id', 'preferredName', 'status', 'team', 'teamRole', 'timeZone']);
    }
    const events = await auditEventsAfter(t.db, before);
    expect(events.map((e) => e.client_id).sort()).toEqual(mine.map((c) => c.clientId).sort());
    expect(events.every((e) => e.action === 'caseload.read' && e.outcome === 'allowed' && e.basis === 'team' && e.actor_user_id === clinician.userId)).toBe(true);
  });

  it('shows supervisors and admins every client of their organisation, with the right basis', async () => {
    const all = [...mine, ...others].map((c) => c.clientId).sort();
    for (const [person, basis] of [[supervisor, 'supervisor'], [admin, 'admin']] as const) {
      const before = await lastAuditEventId(t.db);
      const entries = await everyPage(await as(person), 3);
      expect(ids(entries).sort()).toEqual(all);
      expect(entries.every((e) => e.teamRole === null)).toBe(true);
      expect(entries.find((e) => e.id === mine[0].clientId)!.team).toHaveLength(2);
      const events = await auditEventsAfter(t.db, before);
      expect(events.map((e) => e.client_id).sort()).toEqual(all);
      expect(new Set(events.map((e) => e.basis))).toEqual(new Set([basis]));
    }
  });

  it('pages without gaps or repeats, and refuses a cursor it did not issue', async () => {
    const entries = await everyPage(await as(coach), 2);
    expect(ids(entries).sort()).toEqual(mine.map((c) => c.clientId).sort());
    const who = await as(coach);
    for (const cursor of ['00000000-0000-4000-8000-000000000000', 'not-a-cursor']) {
      expect((await who.get(`/caseload?cursor=${cursor}`).expect(422)).body.errors[0].field).toBe('cursor');
    }
    expect((await who.get('/caseload?limit=0').expect(400)).body.errors[0].field).toBe('limit');
    expect((await who.get('/caseload?limit=abc').expect(400)).body.errors[0].field).toBe('limit');
  });

  it('drops a client once the membership ends, and filters by status', async () => {
    await t.db.query(`UPDATE care_team_membership SET ends_at = $1 WHERE client_id = $2 AND staff_user_id = $3`, [t.clock.now(), mine[0].clientId, coach.userId]);
    await t.db.query(`UPDATE client SET status = 'aftercare' WHERE id = $1`, [mine[1].clientId]);
    const who = await as(coach);
    expect(ids((await who.get('/caseload').expect(200)).body.items)).not.toContain(mine[0].clientId);
    expect(ids((await who.get('/caseload?status=aftercare').expect(200)).body.items)).toEqual([mine[1].clientId]);
  });

  it('has no caseload for a client or a stranger to the organisation', async () => {
    const client = mine[2];
    await (await as(client)).get('/caseload').expect(403);
    const stranger = await createStaff(t.db, await createOrganization(t.db), 'supervisor');
    expect((await (await as(stranger)).get('/caseload').expect(200)).body.items).toEqual([]);
    await api(t).get('/caseload').expect(401);
  });
});

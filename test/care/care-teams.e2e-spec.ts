import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addToTeam, createClient, createOrganization, createStaff, tokenFor, type ClientRecord, type Org, type Person } from '@attune/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { api, type Api } from './http.js';

interface Member {
  membershipId: string;
  userId: string;
  teamRole: string;
}
interface CareTeam {
  members: Member[];
  missingRoles: string[];
  upcoming: Member[];
  history: Member[];
}

describe('care teams: members, handoffs, history', () => {
  let t: TestApp;
  let org: Org;
  let admin: Person;
  let supervisor: Person;
  let asAdmin: Api;
  let asSupervisor: Api;

  const teamOf = async (client: ClientRecord): Promise<CareTeam> => (await asAdmin.get(`/clients/${client.clientId}/care-team`).expect(200)).body as CareTeam;
  const staff = (role: 'clinician' | 'peer_coach' | 'case_manager', options = {}) => createStaff(t.db, org, role, { supervisorUserId: supervisor.userId, ...options });

  beforeAll(async () => {
    t = await startTestApp({ now: new Date('2026-03-10T15:00:00Z') });
    org = await createOrganization(t.db);
    admin = await createStaff(t.db, org, 'admin');
    supervisor = await createStaff(t.db, org, 'supervisor');
    asAdmin = api(t, await tokenFor(t.app, t.db, admin));
    asSupervisor = api(t, await tokenFor(t.app, t.db, supervisor));
  });
  afterAll(async () => {
    await t.close();
  });

  it('builds a team, reporting the roles it still lacks', async () => {
    const client = await createClient(t.db, org);
    expect(await teamOf(client)).toEqual({ members: [], missingRoles: ['clinician', 'peer_coach', 'case_manager'], upcoming: [], history: [] });
    const clinician = await staff('clinician', { displayName: 'Dr Who' });
    const added = await asAdmin.post(`/clients/${client.clientId}/care-team`, { staffUserId: clinician.userId, teamRole: 'clinician' }).expect(201);
    expect(added.body).toMatchObject({ userId: clinician.userId, teamRole: 'clinician', displayName: 'Dr Who', startsAt: t.clock.now().toISOString(), endsAt: null });
    const coach = await staff('peer_coach');
    await asSupervisor.post(`/clients/${client.clientId}/care-team`, { staffUserId: coach.userId, teamRole: 'peer_coach' }).expect(201);
    const team = await teamOf(client);
    expect(team.members.map((m: { userId: string }) => m.userId)).toEqual([clinician.userId, coach.userId]);
    expect(team.missingRoles).toEqual(['case_manager']);
  });

  it('allows two members in one role', async () => {
    const client = await createClient(t.db, org);
    for (const person of [await staff('case_manager'), await staff('case_manager')]) {
      await asAdmin.post(`/clients/${client.clientId}/care-team`, { staffUserId: person.userId, teamRole: 'case_manager' }).expect(201);
    }
    expect((await teamOf(client)).members).toHaveLength(2);
  });

  it('refuses, naming staffUserId: a role mismatch, an invited or deactivated member, a member of another organisation, a duplicate', async () => {
    const client = await createClient(t.db, org);
    const add = (staffUserId: string, teamRole = 'clinician') => asAdmin.post(`/clients/${client.clientId}/care-team`, { staffUserId, teamRole });
    const coach = await staff('peer_coach');
    const field = async (res: Promise<{ body: { errors: { field: string }[] } }>) => (await res).body.errors[0].field;
    expect(await field(add(coach.userId).expect(422))).toBe('staffUserId');
    expect(await field(add((await staff('clinician', { status: 'invited' })).userId).expect(422))).toBe('staffUserId');
    expect(await field(add((await staff('clinician', { status: 'deactivated' })).userId).expect(422))).toBe('staffUserId');
    const stranger = await createStaff(t.db, await createOrganization(t.db), 'clinician');
    expect(await field(add(stranger.userId).expect(422))).toBe('staffUserId');
    expect(await field(add('00000000-0000-4000-8000-000000000000').expect(422))).toBe('staffUserId');
    expect(await field(add('not-a-uuid').expect(400))).toBe('staffUserId');
    const clinician = await staff('clinician');
    await add(clinician.userId).expect(201);
    expect(await field(add(clinician.userId).expect(409))).toBe('staffUserId');
    expect(await field(add(clinician.userId, 'counsellor').expect(400))).toBe('teamRole');
    expect((await teamOf(client)).members).toHaveLength(1);
  });

  it('hands a role over at one instant and keeps the history', async () => {
    const client = await createClient(t.db, org);
    const from = await staff('peer_coach');
    const to = await staff('peer_coach');
    await addToTeam(t.db, client, from, 'peer_coach', new Date('2026-01-01T00:00:00Z'));
    const at = '2026-03-10T09:00:00-06:00';
    const res = await asSupervisor
      .post(`/clients/${client.clientId}/care-team/handoffs`, { teamRole: 'peer_coach', fromStaffUserId: from.userId, toStaffUserId: to.userId, at })
      .expect(201);
    expect(res.body.ended).toMatchObject({ userId: from.userId, endsAt: '2026-03-10T15:00:00.000Z' });
    expect(res.body.started).toMatchObject({ userId: to.userId, startsAt: '2026-03-10T15:00:00.000Z', endsAt: null });
    const team = await teamOf(client);
    expect(team.members.map((m: { userId: string }) => m.userId)).toEqual([to.userId]);
    expect(team.history.map((m: { userId: string }) => m.userId)).toEqual([from.userId]);
    const rows = await t.db.query(`SELECT count(*)::int AS n FROM care_team_membership WHERE client_id = $1`, [client.clientId]);
    expect(rows[0].n).toBe(2);
  });

  it('refuses a handoff that does not fit, changing nothing', async () => {
    const client = await createClient(t.db, org);
    const from = await staff('clinician');
    const to = await staff('clinician');
    await addToTeam(t.db, client, from, 'clinician', new Date('2026-03-01T00:00:00Z'));
    const handoff = (body: object) => asAdmin.post(`/clients/${client.clientId}/care-team/handoffs`, { teamRole: 'clinician', fromStaffUserId: from.userId, toStaffUserId: to.userId, ...body });
    expect((await handoff({ fromStaffUserId: to.userId, toStaffUserId: from.userId }).expect(422)).body.errors[0].field).toBe('fromStaffUserId');
    expect((await handoff({ toStaffUserId: from.userId }).expect(422)).body.errors[0].field).toBe('toStaffUserId');
    expect((await handoff({ toStaffUserId: (await staff('case_manager')).userId }).expect(422)).body.errors[0].field).toBe('toStaffUserId');
    expect((await handoff({ at: '2026-02-01T00:00:00Z' }).expect(422)).body.errors[0].field).toBe('fromStaffUserId');
    expect((await handoff({ at: '2026-03-01T00:00:00Z' }).expect(422)).body.errors[0].field).toBe('at');
    expect((await handoff({ at: '2026-03-05T09:00:00' }).expect(400)).body.errors[0].field).toBe('at');
    const team = await teamOf(client);
    expect(team.members.map((m: { userId: string }) => m.userId)).toEqual([from.userId]);
    expect(team.history).toEqual([]);
  });

  it('ends a membership, keeps it as history, and refuses to end it twice', async () => {
    const client = await createClient(t.db, org);
    const coach = await staff('case_manager');
    const membershipId = await addToTeam(t.db, client, coach, 'case_manager', new Date('2026-02-01T00:00:00Z'));
    const end = (body: object = {}) => asAdmin.post(`/clients/${client.clientId}/care-team/${membershipId}/end`, body);
    expect((await end({ at: '2026-01-01T00:00:00Z' }).expect(422)).body.errors[0].field).toBe('at');
    const res = await end().expect(200);
    expect(res.body).toMatchObject({ membershipId, endsAt: t.clock.now().toISOString() });
    expect((await end().expect(409)).body.errors[0].field).toBe('membershipId');
    const team = await teamOf(client);
    expect(team.members).toEqual([]);
    expect(team.history.map((m: { membershipId: string }) => m.membershipId)).toEqual([membershipId]);
    expect(team.missingRoles).toContain('case_manager');
  });

  it('answers 404 for a membership of another client or an unknown one', async () => {
    const client = await createClient(t.db, org);
    const other = await createClient(t.db, org);
    const membershipId = await addToTeam(t.db, other, await staff('clinician'), 'clinician');
    await asAdmin.post(`/clients/${client.clientId}/care-team/${membershipId}/end`).expect(404);
    await asAdmin.post(`/clients/${client.clientId}/care-team/nope/end`).expect(404);
  });

  it('shows planned memberships as upcoming until they start', async () => {
    const client = await createClient(t.db, org);
    const clinician = await staff('clinician');
    await asAdmin.post(`/clients/${client.clientId}/care-team`, { staffUserId: clinician.userId, teamRole: 'clinician', startsAt: '2026-03-11T15:00:00Z' }).expect(201);
    expect((await teamOf(client)).upcoming.map((m: { userId: string }) => m.userId)).toEqual([clinician.userId]);
    t.clock.advance(24 * 3600);
    asAdmin = api(t, await tokenFor(t.app, t.db, admin)); // the old access token expired with the day
    const team = await teamOf(client);
    expect(team.members.map((m: { userId: string }) => m.userId)).toEqual([clinician.userId]);
    expect(team.upcoming).toEqual([]);
  });
});

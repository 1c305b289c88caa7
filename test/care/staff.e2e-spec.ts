import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createOrganization, createStaff, tokenFor, type Org, type Person } from '@attune/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { api, type Api } from './http.js';

interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, { schema: { $ref?: string } }> }> }>>;
  components: { schemas: Record<string, { required?: string[] }> };
}

describe('staff: invitations and the directory', () => {
  let t: TestApp;
  let org: Org;
  let admin: Person;
  let supervisor: Person;
  let asAdmin: Api;

  const invite = (overrides: Record<string, unknown> = {}) => ({
    email: `new-${Math.random().toString(36).slice(2)}@example.test`,
    displayName: 'Kim Park',
    role: 'peer_coach',
    timeZone: 'America/Chicago',
    ...overrides,
  });
  const count = async (table: string) => Number((await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    // No worker: the invitation email stays queued as staged.
    t = await startTestApp({ worker: false });
    org = await createOrganization(t.db);
    admin = await createStaff(t.db, org, 'admin');
    supervisor = await createStaff(t.db, org, 'supervisor');
    asAdmin = api(t, await tokenFor(t.app, t.db, admin));
  });
  afterAll(async () => {
    await t.close();
  });

  it('invites a staff member: an account with the role, an invited staff record and an invitation email', async () => {
    const input = invite({ supervisorUserId: supervisor.userId, email: 'Kim.Park@Example.test' });
    const res = await asAdmin.post('/staff', input).expect(201);
    expect(res.body).toMatchObject({ displayName: 'Kim Park', email: 'kim.park@example.test', role: 'peer_coach', status: 'invited', supervisorUserId: supervisor.userId, timeZone: 'America/Chicago' });
    const [account] = await t.db.query(`SELECT role, organization_id, password_hash FROM user_account WHERE id = $1`, [res.body.userId]);
    expect(account).toEqual({ role: 'peer_coach', organization_id: org.id, password_hash: null });
    const emails = await t.db.query(`SELECT channel, to_address, status FROM outbound_message WHERE recipient_user_id = $1`, [res.body.userId]);
    expect(emails).toEqual([{ channel: 'email', to_address: 'kim.park@example.test', status: 'queued' }]);
  });

  it('answers 409 for a registered email and 422 naming the field for a bad zone or supervisor, writing nothing', async () => {
    const first = invite();
    await asAdmin.post('/staff', first).expect(201);
    const notSupervisor = await createStaff(t.db, org, 'clinician');
    const elsewhere = await createStaff(t.db, await createOrganization(t.db), 'supervisor');
    const before = [await count('user_account'), await count('staff_member'), await count('outbound_message')];
    expect((await asAdmin.post('/staff', invite({ email: first.email })).expect(409)).body.errors[0].field).toBe('email');
    expect((await asAdmin.post('/staff', invite({ timeZone: 'Central' })).expect(422)).body.errors[0].field).toBe('timeZone');
    expect((await asAdmin.post('/staff', invite({ supervisorUserId: notSupervisor.userId })).expect(422)).body.errors[0].field).toBe('supervisorUserId');
    expect((await asAdmin.post('/staff', invite({ supervisorUserId: elsewhere.userId })).expect(422)).body.errors[0].field).toBe('supervisorUserId');
    expect((await asAdmin.post('/staff', invite({ role: 'client' })).expect(400)).body.errors[0].field).toBe('role');
    expect((await asAdmin.post('/staff', invite({ email: 'not-an-email' })).expect(400)).body.errors[0].field).toBe('email');
    expect((await asAdmin.post('/staff', invite({ salary: 1 })).expect(400)).body.errors[0].field).toBe('salary');
    expect([await count('user_account'), await count('staff_member'), await count('outbound_message')]).toEqual(before);
  });

  it('lets only admins invite, auditing refusals', async () => {
    for (const role of ['supervisor', 'clinician'] as const) {
      const person = role === 'supervisor' ? supervisor : await createStaff(t.db, org, role);
      await api(t, await tokenFor(t.app, t.db, person)).post('/staff', invite()).expect(403);
      const [event] = await t.db.query(`SELECT action, outcome FROM audit_event WHERE actor_user_id = $1 ORDER BY id DESC LIMIT 1`, [person.userId]);
      expect(event).toEqual({ action: 'staff:manage', outcome: 'denied' });
    }
    await api(t).post('/staff', invite()).expect(401);
  });

  it('lists the organisation\'s staff for admins and supervisors only, never another organisation\'s', async () => {
    const other = await createOrganization(t.db);
    const outsider = await createStaff(t.db, other, 'clinician');
    const coach = await createStaff(t.db, org, 'peer_coach');
    const listed = (await api(t, await tokenFor(t.app, t.db, supervisor)).get('/staff').expect(200)).body as { userId: string }[];
    expect(listed.map((s) => s.userId)).toEqual(expect.arrayContaining([admin.userId, supervisor.userId, coach.userId]));
    expect(listed.map((s) => s.userId)).not.toContain(outsider.userId);
    const coaches = (await asAdmin.get('/staff?role=peer_coach&status=active').expect(200)).body as { role: string; status: string }[];
    expect(coaches.length).toBeGreaterThan(0);
    expect(coaches.every((s) => s.role === 'peer_coach' && s.status === 'active')).toBe(true);
    await api(t, await tokenFor(t.app, t.db, coach)).get('/staff').expect(403);
    await asAdmin.get('/staff?role=wizard').expect(400);
  });

  it('describes the care routes in OpenAPI with request, response and problem schemas', async () => {
    const doc = (await request(t.url).get('/api/docs-json').expect(200)).body as OpenApiDocument;
    const operation = (path: string, method: string) => doc.paths[path]?.[method];
    for (const [path, method] of [
      ['/api/v1/staff', 'post'],
      ['/api/v1/staff', 'get'],
      ['/api/v1/clients', 'post'],
      ['/api/v1/clients/{clientId}', 'get'],
      ['/api/v1/clients/{clientId}', 'patch'],
      ['/api/v1/me/client', 'get'],
      ['/api/v1/clients/{clientId}/care-team', 'get'],
      ['/api/v1/clients/{clientId}/care-team', 'post'],
      ['/api/v1/clients/{clientId}/care-team/handoffs', 'post'],
      ['/api/v1/clients/{clientId}/care-team/{membershipId}/end', 'post'],
      ['/api/v1/caseload', 'get'],
      ['/api/v1/clients/{clientId}/break-glass', 'post'],
    ]) {
      const op = operation(path, method);
      expect({ path, method, found: Boolean(op) }).toEqual({ path, method, found: true });
      const success = Object.entries(op.responses).find(([code]) => code.startsWith('2'))![1];
      expect(success.content['application/json'].schema).toBeDefined();
      expect(op.responses['401'].content['application/json'].schema.$ref).toContain('ProblemDetails');
    }
    expect(doc.components.schemas.RegisterClientDto.required).toEqual(expect.arrayContaining(['preferredName', 'timeZone', 'phone', 'connectivity', 'programmeStartDate']));
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { AuditTrail } from '@attune/care';
import { createCareTeam, createOrganization, createStaff, tokenFor, type ClientRecord } from '@attune/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** GET /clients/:id/audit-events (JSON pages) and /audit-events.csv, for admins and supervisors only. */
describe('a client audit trail over HTTP', () => {
  let t: TestApp;
  let client: ClientRecord;
  let adminToken: string;
  let supervisorToken: string;
  let clinicianToken: string;
  let otherOrgAdminToken: string;
  const base = () => `/api/v1/clients/${client.clientId}/audit-events`;

  beforeAll(async () => {
    t = await startTestApp({ worker: false });
    const org = await createOrganization(t.db);
    const team = await createCareTeam(t.db, org);
    client = team.client;
    adminToken = await tokenFor(t.app, t.db, team.admin);
    supervisorToken = await tokenFor(t.app, t.db, team.supervisor);
    clinicianToken = await tokenFor(t.app, t.db, team.clinician);
    otherOrgAdminToken = await tokenFor(t.app, t.db, await createStaff(t.db, await createOrganization(t.db), 'admin'));
    const entry = { organizationId: org.id, actorUserId: team.clinician.userId, actorRole: 'clinician', clientId: client.clientId, outcome: 'allowed' as const };
    await t.app.get(AuditTrail).recordMany([
      { ...entry, action: 'clinical:read', capability: 'clinical:read', basis: 'team' },
      { ...entry, action: 'break_glass:open', capability: 'break_glass:open', basis: 'colleague', reason: '=HYPERLINK("x") crisis call' },
      { ...entry, action: 'client:read', capability: 'client:read', basis: 'team' },
    ]);
  });
  afterAll(async () => {
    await t.close();
  });

  it('gives an admin the events newest first, with reasons, page by page', async () => {
    const first = await request(t.url).get(`${base()}?limit=2`).auth(adminToken, { type: 'bearer' }).expect(200);
    // The admin's own read is audited first, so it is the newest event.
    expect(first.body.events.map((e: { action: string }) => e.action)).toEqual(['audit:read', 'client:read']);
    expect(first.body.events[0]).toMatchObject({ capability: 'audit:read', outcome: 'allowed', basis: 'admin', actorRole: 'admin' });
    expect(first.body.events[0].at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(first.body.events[0].requestId).toEqual(expect.any(String));
    expect(first.body.nextCursor).toBe(first.body.events[1].id);

    const second = await request(t.url).get(`${base()}?limit=2&cursor=${first.body.nextCursor}`).auth(adminToken, { type: 'bearer' }).expect(200);
    expect(second.body.events.map((e: { action: string }) => e.action)).toEqual(['break_glass:open', 'clinical:read']);
    expect(second.body.events[0].reason).toBe('=HYPERLINK("x") crisis call');
    // Nothing older: the last page says so (the second read's own event is newer, on no page of this walk).
    expect(second.body.nextCursor).toBeNull();
  });

  it('refuses a care-team clinician (403) and hides the client from another organisation (404), auditing both', async () => {
    const refused = await request(t.url).get(base()).auth(clinicianToken, { type: 'bearer' }).expect(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    await request(t.url).get(base()).auth(otherOrgAdminToken, { type: 'bearer' }).expect(404);
    const [denied] = await t.db.query<{ outcome: string; actor_role: string }[]>(
      `SELECT outcome, actor_role FROM audit_event WHERE client_id = $1 AND capability = 'audit:read' AND outcome = 'denied'`,
      [client.clientId],
    );
    expect(denied).toEqual({ outcome: 'denied', actor_role: 'clinician' });
  });

  it('validates limit and cursor', async () => {
    await request(t.url).get(`${base()}?limit=0`).auth(adminToken, { type: 'bearer' }).expect(400);
    await request(t.url).get(`${base()}?limit=many`).auth(adminToken, { type: 'bearer' }).expect(400);
    await request(t.url).get(`${base()}?cursor=abc`).auth(adminToken, { type: 'bearer' }).expect(400);
    await request(t.url).get(base()).expect(401);
  });

  it('streams the whole trail as a CSV attachment to a supervisor', async () => {
    const res = await request(t.url).get(`${base()}.csv`).auth(supervisorToken, { type: 'bearer' }).buffer(true).expect(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="audit-events-${client.clientId}.csv"`);
    const lines = res.text.trim().split('\n');
    expect(lines[0]).toBe('id,at,actor_user_id,actor_role,action,capability,outcome,basis,request_id,reason');
    const total = await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM audit_event WHERE client_id = $1`, [client.clientId]);
    expect(lines).toHaveLength(total[0].n + 1);
    // The export is audited before it streams, so it lists itself first.
    expect(lines[1]).toContain(',supervisor,audit:export,audit:read,allowed,supervisor,');
    // A typed reason cannot run as a spreadsheet formula.
    expect(res.text).toContain(`"'=HYPERLINK(""x"") crisis call"`);
  });

  it('refuses the CSV to a clinician', async () => {
    await request(t.url).get(`${base()}.csv`).auth(clinicianToken, { type: 'bearer' }).expect(403);
  });

  it('describes both routes in the OpenAPI document', async () => {
    const doc = await request(t.url).get('/api/docs-json').expect(200);
    const list = doc.body.paths['/api/v1/clients/{clientId}/audit-events'].get;
    expect(list.responses['200'].content['application/json'].schema.$ref).toContain('AuditEventPageDto');
    expect(Object.keys(list.responses)).toEqual(expect.arrayContaining(['400', '401', '403', '404']));
    const csv = doc.body.paths['/api/v1/clients/{clientId}/audit-events.csv'].get;
    expect(csv.responses['200'].content['text/csv']).toBeDefined();
    expect(doc.body.components.schemas.AuditEventDto.properties.reason).toBeDefined();
  });
});

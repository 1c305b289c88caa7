import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { auditEventsAfter, createCareTeam, createOrganization, createStaff, fakePhone, lastAuditEventId, tokenFor } from '@attune/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { api, type Api } from './http.js';

const newClient = (overrides: Record<string, unknown> = {}) => ({
  preferredName: 'Robin',
  timeZone: 'America/Denver',
  phone: fakePhone(),
  email: `robin-${Math.random().toString(36).slice(2)}@example.test`,
  connectivity: 'mobile_data',
  programmeStartDate: '2026-02-02',
  ...overrides,
});

describe('clients: registration, record, status', () => {
  let t: TestApp;
  let admin: Api;
  let supervisor: Api;
  let clinician: Api;
  let world: Awaited<ReturnType<typeof createCareTeam>>;

  const count = async (table: string) => Number((await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    t = await startTestApp();
    const org = await createOrganization(t.db);
    world = await createCareTeam(t.db, org);
    admin = api(t, await tokenFor(t.app, t.db, world.admin));
    supervisor = api(t, await tokenFor(t.app, t.db, world.supervisor));
    clinician = api(t, await tokenFor(t.app, t.db, world.clinician));
  });
  afterAll(async () => {
    await t.close();
  });

  it('registers a client: a client account and record, status intake, audited', async () => {
    const before = await lastAuditEventId(t.db);
    const input = newClient({ email: 'Robin.Mixed@Example.test' });
    const res = await admin.post('/clients', input).expect(201);
    expect(res.body).toMatchObject({ preferredName: 'Robin', timeZone: 'America/Denver', phone: input.phone, email: 'robin.mixed@example.test', status: 'intake', programmeStartDate: '2026-02-02' });
    const [account] = await t.db.query(`SELECT u.role, u.organization_id FROM client c JOIN user_account u ON u.id = c.user_id WHERE c.id = $1`, [res.body.id]);
    expect(account).toEqual({ role: 'client', organization_id: world.admin.organizationId });
    const events = await auditEventsAfter(t.db, before);
    expect(events).toEqual([expect.objectContaining({ action: 'client.register', client_id: res.body.id, outcome: 'allowed', actor_user_id: world.admin.userId })]);
  });

  it('names the field for a bad time zone, phone or date, and writes nothing', async () => {
    const [accounts, clients] = [await count('user_account'), await count('client')];
    const zone = await admin.post('/clients', newClient({ timeZone: 'Mars/Olympus' })).expect(422);
    expect(zone.body.errors).toEqual([{ field: 'timeZone', message: expect.any(String) }]);
    await admin.post('/clients', newClient({ timeZone: 'EST' })).expect(422);
    const phone = await admin.post('/clients', newClient({ phone: '555-0100' })).expect(422);
    expect(phone.body.errors[0].field).toBe('phone');
    const date = await admin.post('/clients', newClient({ programmeStartDate: '2026-02-30' })).expect(422);
    expect(date.body.errors[0].field).toBe('programmeStartDate');
    const connectivity = await admin.post('/clients', newClient({ connectivity: 'carrier_pigeon' })).expect(400);
    expect(connectivity.body.errors[0].field).toBe('connectivity');
    const unknown = await admin.post('/clients', newClient({ diagnosis: 'x' })).expect(400);
    expect(unknown.body.errors[0].field).toBe('diagnosis');
    const blank = await admin.post('/clients', newClient({ preferredName: '   ' })).expect(422);
    expect(blank.body.errors[0].field).toBe('preferredName');
    await admin.post('/clients', newClient({ status: 'discharged' })).expect(422);
    expect([await count('user_account'), await count('client')]).toEqual([accounts, clients]);
  });

  it('answers 409 naming phone or email for a duplicate, leaving nothing half-written', async () => {
    const first = newClient();
    await admin.post('/clients', first).expect(201);
    const [accounts, clients] = [await count('user_account'), await count('client')];
    const phone = await admin.post('/clients', newClient({ phone: first.phone })).expect(409);
    expect(phone.body.errors[0].field).toBe('phone');
    const email = await admin.post('/clients', newClient({ email: first.email.toUpperCase() })).expect(409);
    expect(email.body.errors[0].field).toBe('email');
    expect(JSON.stringify(phone.body)).not.toContain(first.phone);
    expect([await count('user_account'), await count('client')]).toEqual([accounts, clients]);
  });

  it('lets only admins register', async () => {
    await supervisor.post('/clients', newClient()).expect(403);
    await clinician.post('/clients', newClient()).expect(403);
    await api(t, await tokenFor(t.app, t.db, world.client)).post('/clients', newClient()).expect(403);
    await api(t).post('/clients', newClient()).expect(401);
  });

  it('reads and updates a record, contact details included', async () => {
    const { body: created } = await admin.post('/clients', newClient()).expect(201);
    const phone = fakePhone();
    const res = await admin
      .patch(`/clients/${created.id}`, { preferredName: 'Rob', timeZone: 'America/New_York', phone, connectivity: 'phone_only', programmeStartDate: '2026-03-01', email: null })
      .expect(200);
    expect(res.body).toMatchObject({ preferredName: 'Rob', timeZone: 'America/New_York', phone, connectivity: 'phone_only', programmeStartDate: '2026-03-01', email: null });
    expect((await admin.get(`/clients/${created.id}`).expect(200)).body).toEqual(res.body);
    expect(new Date(res.body.updatedAt).getTime()).toBe(t.clock.now().getTime());
  });

  it('refuses a null for a field that cannot be cleared, a duplicate phone, and a bad zone, changing nothing', async () => {
    const { body: a } = await admin.post('/clients', newClient()).expect(201);
    const { body: b } = await admin.post('/clients', newClient()).expect(201);
    expect((await admin.patch(`/clients/${a.id}`, { preferredName: null }).expect(400)).body.errors[0].field).toBe('preferredName');
    expect((await admin.patch(`/clients/${a.id}`, { phone: b.phone, preferredName: 'Changed' }).expect(409)).body.errors[0].field).toBe('phone');
    expect((await admin.patch(`/clients/${a.id}`, { timeZone: 'Nowhere/Special' }).expect(422)).body.errors[0].field).toBe('timeZone');
    expect((await admin.get(`/clients/${a.id}`).expect(200)).body).toEqual(a);
  });

  it('moves status along the programme, back from aftercare to active, and refuses skips with 409 naming status', async () => {
    const { body: created } = await admin.post('/clients', newClient()).expect(201);
    const move = (status: string) => admin.patch(`/clients/${created.id}`, { status });
    const skip = await move('aftercare').expect(409);
    expect(skip.body.errors).toEqual([{ field: 'status', message: 'cannot move from intake to aftercare' }]);
    for (const status of ['active', 'aftercare', 'active', 'aftercare', 'discharged']) {
      expect((await move(status).expect(200)).body.status).toBe(status);
    }
    await move('active').expect(409);
    expect((await move('intake').expect(200)).body.status).toBe('intake');
    await move('graduated').expect(400);
  });

  it('lets team members with client:update change the record, and not a supervisor', async () => {
    const id = world.client.clientId;
    await clinician.patch(`/clients/${id}`, { connectivity: 'broadband' }).expect(200);
    await api(t, await tokenFor(t.app, t.db, world.caseManager)).patch(`/clients/${id}`, { connectivity: 'broadband' }).expect(200);
    await api(t, await tokenFor(t.app, t.db, world.peerCoach)).patch(`/clients/${id}`, { connectivity: 'broadband' }).expect(403);
    await supervisor.patch(`/clients/${id}`, { connectivity: 'broadband' }).expect(403);
  });

  it('gives a signed-in client their own record at /me/client, and staff a 404', async () => {
    const own = api(t, await tokenFor(t.app, t.db, world.client));
    const res = await own.get('/me/client').expect(200);
    expect(res.body).toMatchObject({ id: world.client.clientId, preferredName: world.client.preferredName });
    await clinician.get('/me/client').expect(404);
    await api(t).get('/me/client').expect(401);
  });

  it('answers 404 for an unknown or malformed client id', async () => {
    await admin.get('/clients/00000000-0000-4000-8000-000000000000').expect(404);
    await admin.get('/clients/not-a-uuid').expect(404);
    await admin.patch('/clients/not-a-uuid', { preferredName: 'x' }).expect(404);
  });

  it('keeps client data out of the log', async () => {
    const input = newClient({ preferredName: 'Canaryname Zed' });
    await admin.post('/clients', input).expect(201);
    await admin.post('/clients', { ...input, phone: fakePhone() }).expect(409);
    const log = t.logs.join('');
    for (const secret of ['Canaryname', input.phone, input.email]) expect(log).not.toContain(secret);
  });

  it('does not let another organisation\'s admin read or change the record', async () => {
    const other = await createOrganization(t.db);
    const outsider = api(t, await tokenFor(t.app, t.db, await createStaff(t.db, other, 'admin')));
    await outsider.get(`/clients/${world.client.clientId}`).expect(404);
    await outsider.patch(`/clients/${world.client.clientId}`, { preferredName: 'x' }).expect(404);
  });
});

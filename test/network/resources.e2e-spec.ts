import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { createCareTeam, createOrganization, createStaff, tokenFor } from '@attune/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { HSDS_ROWS, hsdsPackage } from './support/hsds-fixture.js';
import { api, type Api } from './support/http.js';

const TABLES = [
  'organization',
  'service',
  'location',
  'service_at_location',
  'address',
  'phone',
  'schedule',
  'taxonomy_term',
  'attribute',
  'service_area',
];

describe('community resources (Open Referral HSDS 3.0)', () => {
  let t: TestApp;
  const as = {} as Record<
    'caseManager' | 'admin' | 'peerCoach' | 'client' | 'otherAdmin' | 'thirdAdmin',
    Api
  >;
  const orgs = {} as Record<'main' | 'other' | 'third', string>;
  const rowCount = async (organizationId: string) => {
    let n = 0;
    for (const table of TABLES)
      n += Number(
        (
          await t.db.query(`SELECT count(*) AS n FROM hsds_${table} WHERE programme_id = $1`, [
            organizationId,
          ])
        )[0].n,
      );
    return n;
  };
  const ids = (body: { contents: { id: string }[] }) => body.contents.map((s) => s.id).sort();

  beforeAll(async () => {
    t = await startTestApp({ worker: false });
    const org = await createOrganization(t.db);
    const other = await createOrganization(t.db);
    const third = await createOrganization(t.db);
    Object.assign(orgs, { main: org.id, other: other.id, third: third.id });
    const team = await createCareTeam(t.db, org);
    const people = {
      caseManager: team.caseManager,
      admin: team.admin,
      peerCoach: team.peerCoach,
      client: team.client,
      otherAdmin: await createStaff(t.db, other, 'admin'),
      thirdAdmin: await createStaff(t.db, third, 'admin'),
    };
    for (const [name, person] of Object.entries(people))
      as[name as keyof typeof as] = api(t, await tokenFor(t.app, t.db, person));
  });
  afterAll(async () => {
    await t.close();
  });

  it('imports a Tabular Data Package, reporting tables and fields it does not keep', async () => {
    // A column HSDS has and Attune does not keep (tax_status, deprecated in 3.0) is reported, not lost silently.
    const rows = structuredClone(HSDS_ROWS);
    rows['organizations.csv'][0].tax_status = '501(c)(3)';
    const pkg = hsdsPackage(rows, { 'contacts.csv': 'id,name\nc1,Someone\n' });
    const res = await as.caseManager.post('/resources/import/tabular', pkg).expect(200);
    expect(res.body.rows).toMatchObject({
      organization: 2,
      service: 4,
      location: 3,
      taxonomy_term: 4,
      attribute: 4,
      service_area: 4,
    });
    expect(res.body.skippedFiles).toEqual(['contacts.csv']);
    expect(res.body.skippedFields).toEqual(['organizations.csv:tax_status']);
  });

  it('exports the same rows (round trip), and re-importing the same package changes nothing', async () => {
    const exported = (await as.admin.get('/resources/export/tabular').expect(200)).body;
    expect(exported.datapackage.resources.map((r: { path: string }) => r.path)).toEqual([
      'organizations.csv',
      'services.csv',
      'locations.csv',
      'service_at_locations.csv',
      'addresses.csv',
      'phones.csv',
      'schedules.csv',
      'taxonomy_terms.csv',
      'attributes.csv',
      'service_areas.csv',
    ]);
    for (const [file, rows] of Object.entries(HSDS_ROWS)) {
      const back = parse<Record<string, string>>(exported.files[file], { columns: true });
      const columns = Object.keys(back[0]);
      const expected = rows
        .map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? ''])))
        .sort((a, b) => a.id.localeCompare(b.id));
      expect({ file, rows: back }).toEqual({ file, rows: expected });
    }
    const before = await rowCount(orgs.main);
    await as.caseManager.post('/resources/import/tabular', hsdsPackage()).expect(200);
    expect(await rowCount(orgs.main)).toBe(before);
    // The exported package imports into another programme and exports byte for byte the same.
    await as.otherAdmin.post('/resources/import/tabular', exported).expect(200);
    expect((await as.otherAdmin.get('/resources/export/tabular').expect(200)).body).toEqual(exported);
  });

  it('searches by category (narrower terms included), county and online-or-not; inactive services are left out', async () => {
    const search = async (query: string) =>
      ids((await as.client.get(`/resources/services?${query}`).expect(200)).body);
    expect(await search('')).toEqual(['svc-housing', 'svc-mat', 'svc-meeting']);
    expect(await search('category=housing')).toEqual(['svc-housing']);
    expect(await search('category=recovery-support')).toEqual(['svc-mat', 'svc-meeting']);
    expect(await search('category=Mutual%20help')).toEqual(['svc-meeting']);
    expect(await search('county=Cook')).toEqual(['svc-housing', 'svc-mat']);
    expect(await search('county=lake%20county')).toEqual(['svc-meeting']);
    expect(await search('online=true')).toEqual(['svc-meeting']);
    expect(await search('online=false')).toEqual(['svc-housing', 'svc-mat']);
    expect(await search('category=recovery-support&online=false&county=DuPage')).toEqual(['svc-mat']);
    const bad = await as.client.get('/resources/services?online=maybe').expect(400);
    expect(bad.body.errors[0].field).toBe('online');
  });

  it('returns HSDS service objects: organization, virtual location with its URL, schedule in an IANA zone, categories', async () => {
    const meeting = (await as.peerCoach.get('/resources/services/svc-meeting').expect(200)).body;
    expect(meeting.organization).toMatchObject({ id: 'org-recovery', name: 'Recovery Commons' });
    expect(meeting.service_at_locations[0].location).toMatchObject({
      location_type: 'virtual',
      url: 'https://meet.example.org/evening',
    });
    expect(meeting.schedules[0]).toMatchObject({
      timezone: 'America/Chicago',
      opens_at: '19:00',
      byday: 'MO,TU,WE,TH,FR,SA,SU',
    });
    expect(meeting.attributes[0].taxonomy_term).toMatchObject({
      code: 'mutual-help',
      parent_id: 'tax-recovery',
    });
    const mat = (await as.peerCoach.get('/resources/services/svc-mat').expect(200)).body;
    expect(mat.service_at_locations[0].location.phones[0]).toMatchObject({
      number: '+16305550101',
      extension: 12,
    });
    await as.peerCoach.get('/resources/services/svc-nope').expect(404);
    await as.otherAdmin.get('/resources/services/svc-nope').expect(404);
  });

  it('a bad package is refused with 422 naming file, row and field, and nothing is written', async () => {
    const rows = structuredClone(HSDS_ROWS);
    rows['services.csv'][0].name = 'Renamed housing'; // a good change that must not land either
    rows['services.csv'][2].status = 'open';
    rows['locations.csv'][1].url = '';
    rows['schedules.csv'][0].timezone = '-05:00';
    rows['attributes.csv'][1].taxonomy_term_id = 'tax-unknown';
    const before = (await as.admin.get('/resources/export/tabular').expect(200)).body;
    const res = await as.caseManager.post('/resources/import/tabular', hsdsPackage(rows)).expect(422);
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'services.csv:4:status',
        'locations.csv:3:url',
        'schedules.csv:2:timezone',
        'attributes.csv:3:taxonomy_term_id',
      ]),
    );
    expect((await as.admin.get('/resources/export/tabular').expect(200)).body).toEqual(before);

    const fresh = await as.thirdAdmin.post('/resources/import/tabular', hsdsPackage(rows)).expect(422);
    expect(fresh.body.errors.length).toBeGreaterThan(0);
    expect(await rowCount(orgs.third)).toBe(0);
    const missing = await as.thirdAdmin
      .post('/resources/import/tabular', {
        datapackage: { resources: [{ name: 'service', path: 'services.csv' }] },
        files: {},
      })
      .expect(422);
    expect(missing.body.errors[0].field).toBe('services.csv');
    const broken = await as.thirdAdmin
      .post('/resources/import/tabular', {
        datapackage: { resources: [{ name: 'service', path: 'services.csv' }] },
        files: { 'services.csv': 'id,name\n"a,b\n' },
      })
      .expect(422);
    expect(broken.body.errors[0].field).toMatch(/^services\.csv/);
    expect(await rowCount(orgs.third)).toBe(0);
  });

  it('exports and imports HSDS JSON (service objects, nested) with the same result', async () => {
    const exported = (await as.admin.get('/resources/export/json').expect(200)).body;
    expect(exported.total_items).toBe(4);
    await as.thirdAdmin.post('/resources/import/json', { contents: exported.contents }).expect(200);
    expect((await as.thirdAdmin.get('/resources/export/json').expect(200)).body).toEqual(exported);
    // Importing it again is idempotent.
    const before = await rowCount(orgs.third);
    await as.thirdAdmin.post('/resources/import/json', { contents: exported.contents }).expect(200);
    expect(await rowCount(orgs.third)).toBe(before);
  });

  it('a bad JSON import names the path and writes nothing', async () => {
    const before = await rowCount(orgs.main);
    const res = await as.caseManager
      .post('/resources/import/json', {
        contents: [
          {
            id: 'svc-new',
            name: 'New',
            organization: { id: 'org-new', name: 'New org', description: 'x' },
            service_at_locations: [{ id: 'sal-new', location: { id: 'loc-new', location_type: 'virtual' } }],
          },
        ],
      })
      .expect(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['contents[0].status', 'contents[0].service_at_locations[0].location.url']),
    );
    expect(await rowCount(orgs.main)).toBe(before);
  });

  it('only admins and case managers keep the directory; everyone in the programme searches it', async () => {
    await as.peerCoach.post('/resources/import/tabular', hsdsPackage()).expect(403);
    await as.client.post('/resources/import/json', { contents: [] }).expect(403);
    await as.peerCoach.get('/resources/export/tabular').expect(403);
    await as.client.get('/resources/export/json').expect(403);
    // Another programme's directory is its own.
    expect(ids((await as.otherAdmin.get('/resources/services?county=Cook').expect(200)).body)).toEqual([
      'svc-housing',
      'svc-mat',
    ]);
  });
});

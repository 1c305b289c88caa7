import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  addToTeam,
  createClient,
  createOrganization,
  createStaff,
  tokenFor,
  type ClientRecord,
} from '@attune/testing';
import { ContactLog, SocialMap } from '@attune/network';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { api, type Api } from './support/http.js';

/** Local wall time in Europe/Berlin in winter (UTC+01:00), as an instant. */
const berlin = (local: string) => new Date(`${local}+01:00`);

/** The SPS vector of test/measures (hand-computed subscales). */
const SPS_ANSWERS = Object.fromEntries(Array.from({ length: 24 }, (_, i) => [String(i + 1), (i % 4) + 1]));
const SPS_SCORES = {
  attachment: 11,
  social_integration: 11,
  reassurance_of_worth: 12,
  reliable_alliance: 10,
  guidance: 12,
  opportunity_for_nurturance: 10,
  total: 66,
};

describe('social map, contact log and weekly metrics', () => {
  let t: TestApp;
  let client: ClientRecord;
  const as = {} as Record<'peerCoach' | 'clinician' | 'client' | 'otherClient' | 'colleague', Api>;
  const ids = {} as Record<'rosa' | 'dee' | 'mack' | 'lou', string>;
  const path = (rest = '') => `/clients/${client.clientId}${rest}`;

  beforeAll(async () => {
    t = await startTestApp({ worker: false, now: berlin('2026-01-05T09:00:00') });
    const org = await createOrganization(t.db);
    client = await createClient(t.db, org, { timeZone: 'Europe/Berlin' });
    const peerCoach = await createStaff(t.db, org, 'peer_coach');
    const clinician = await createStaff(t.db, org, 'clinician');
    const longAgo = new Date('2025-06-01T00:00:00Z');
    await addToTeam(t.db, client, peerCoach, 'peer_coach', longAgo);
    await addToTeam(t.db, client, clinician, 'clinician', longAgo);
    const people = {
      peerCoach,
      clinician,
      client,
      otherClient: await createClient(t.db, org),
      colleague: await createStaff(t.db, org, 'clinician'),
    };
    // Access tokens expire by the test clock: sign everyone in again whenever the clock moves.
    const moveClock = async (instant: Date) => {
      t.clock.set(instant);
      for (const [name, person] of Object.entries(people))
        as[name as keyof typeof as] = api(t, await tokenFor(t.app, t.db, person));
    };
    await moveClock(t.clock.now());

    // Monday 5 January 2026 (ISO week 2026-W02), 09:00 in Berlin: the peer coach draws the map with the client.
    ids.rosa = (
      await as.client
        .post(path('/social-map/people'), {
          name: 'Rosa Díaz',
          relationship: 'aunt',
          label: 'supportive',
          phone: '+4915112345678',
        })
        .expect(201)
    ).body.id;
    ids.dee = (
      await as.peerCoach
        .post(path('/social-map/people'), {
          name: 'Dee',
          relationship: 'neighbour',
          label: 'neutral',
          phone: '+4915100000001',
        })
        .expect(201)
    ).body.id;
    ids.mack = (
      await as.peerCoach
        .post(path('/social-map/people'), {
          name: 'Mack',
          relationship: 'old friend',
          label: 'risky',
          inRecovery: true,
        })
        .expect(201)
    ).body.id;
    ids.lou = (
      await as.peerCoach.post(path('/social-map/people'), { name: 'Lou', label: 'supportive' }).expect(201)
    ).body.id;
    // Wednesday noon: the client relabels Dee supportive (mid-week). Friday: Lou leaves the map.
    await moveClock(berlin('2026-01-07T12:00:00'));
    await as.client.patch(path(`/social-map/people/${ids.dee}`), { label: 'supportive' }).expect(200);
    await moveClock(berlin('2026-01-09T10:00:00'));
    await as.peerCoach.delete(path(`/social-map/people/${ids.lou}`)).expect(204);
    // Week 2: Mack is relabelled neutral (no supportive change).
    await moveClock(berlin('2026-01-14T09:00:00'));
    await as.clinician.patch(path(`/social-map/people/${ids.mack}`), { label: 'neutral' }).expect(200);

    await moveClock(berlin('2026-01-21T12:00:00'));
    const contacts: [keyof typeof ids, string, string, boolean | null, Api][] = [
      ['rosa', '2026-01-06T10:00:00', 'call', true, as.client], // W02, supportive
      ['dee', '2026-01-06T18:00:00', 'text', false, as.client], // W02, Dee still neutral then
      ['dee', '2026-01-08T10:00:00', 'in_person', true, as.peerCoach], // W02, Dee supportive since Wednesday
      ['mack', '2026-01-08T20:00:00', 'call', null, as.client], // W03, risky
      ['rosa', '2026-01-11T23:30:00', 'video', null, as.client], // Sunday 23:30 in Berlin: still W02
      ['rosa', '2026-01-12T00:30:00', 'meeting', true, as.client], // Monday 00:30 in Berlin (Sunday 23:30 UTC): W03
      ['mack', '2026-01-13T12:00:00', 'text', null, as.client], // W03, risky
    ];
    for (const [who, at, how, helped, by] of contacts) {
      await by.post(path('/contacts'), { personId: ids[who], at: `${at}+01:00`, how, helped }).expect(201);
    }
    await as.peerCoach.post(path('/measures'), { instrument: 'SPS', answers: SPS_ANSWERS }).expect(201);
  });
  afterAll(async () => {
    await t.close();
  });

  it('weekly metrics in the client’s zone equal the hand-computed figures', async () => {
    const res = await as.peerCoach.get(path('/social-map/metrics?from=2026-W01&to=2026-W04')).expect(200);
    expect(res.body.timeZone).toBe('Europe/Berlin');
    expect(res.body.weeks).toEqual([
      {
        week: '2026-W01',
        firstDate: '2025-12-29',
        lastDate: '2026-01-04',
        supportivePeople: 0,
        contacts: 0,
        supportiveContacts: 0,
        supportiveShare: null,
        helpedContacts: 0,
      },
      // Rosa and Dee (relabelled Wednesday); Lou was removed Friday. Contacts 1, 3 and 5 of 5 were with
      // people labelled supportive at the time; 1 and 3 helped.
      {
        week: '2026-W02',
        firstDate: '2026-01-05',
        lastDate: '2026-01-11',
        supportivePeople: 2,
        contacts: 5,
        supportiveContacts: 3,
        supportiveShare: 0.6,
        helpedContacts: 2,
      },
      {
        week: '2026-W03',
        firstDate: '2026-01-12',
        lastDate: '2026-01-18',
        supportivePeople: 2,
        contacts: 2,
        supportiveContacts: 1,
        supportiveShare: 0.5,
        helpedContacts: 1,
      },
      {
        week: '2026-W04',
        firstDate: '2026-01-19',
        lastDate: '2026-01-25',
        supportivePeople: 2,
        contacts: 0,
        supportiveContacts: 0,
        supportiveShare: null,
        helpedContacts: 0,
      },
    ]);
    expect(res.body.latestSps.scores).toEqual(SPS_SCORES);
  });

  it('defaults to the eight weeks up to this week and refuses a malformed or reversed range', async () => {
    const res = await as.clinician.get(path('/social-map/metrics')).expect(200);
    expect(res.body.weeks.map((w: { week: string }) => w.week)).toEqual([
      '2025-W49',
      '2025-W50',
      '2025-W51',
      '2025-W52',
      '2026-W01',
      '2026-W02',
      '2026-W03',
      '2026-W04',
    ]);
    const bad = await as.clinician.get(path('/social-map/metrics?from=2026-W3')).expect(400);
    expect(bad.body.errors[0].field).toBe('from');
    const reversed = await as.clinician
      .get(path('/social-map/metrics?from=2026-W03&to=2026-W01'))
      .expect(422);
    expect(reversed.body.errors[0].field).toBe('from');
  });

  it('keeps a history of who changed what and when', async () => {
    const history = (await as.clinician.get(path('/social-map/history')).expect(200)).body as {
      personId: string;
      version: number;
      changedFields: string[];
      label: string;
      removed: boolean;
      changedByRole: string;
      changedAt: string;
    }[];
    const dee = history.filter((h) => h.personId === ids.dee);
    expect(dee.map((h) => [h.version, h.changedFields, h.label, h.changedByRole, h.changedAt])).toEqual([
      [2, ['label'], 'supportive', 'client', berlin('2026-01-07T12:00:00').toISOString()],
      [
        1,
        ['name', 'relationship', 'label', 'phone'],
        'neutral',
        'peer_coach',
        berlin('2026-01-05T09:00:00').toISOString(),
      ],
    ]);
    const lou = history.filter((h) => h.personId === ids.lou);
    expect(lou[0]).toMatchObject({
      version: 2,
      changedFields: ['removed'],
      removed: true,
      changedByRole: 'peer_coach',
    });
    // A patch that changes nothing writes no history.
    await as.clinician.patch(path(`/social-map/people/${ids.mack}`), { label: 'neutral' }).expect(200);
    expect((await as.clinician.get(path('/social-map/history')).expect(200)).body).toHaveLength(
      history.length,
    );
  });

  it('shows the client their own map with labels; the map lists only people still on it', async () => {
    const map = (await as.client.get(path('/social-map')).expect(200)).body as {
      id: string;
      label: string;
      inRecovery: boolean;
    }[];
    expect(map.map((p) => p.id)).toEqual([ids.dee, ids.mack, ids.rosa]); // by name
    expect(map.find((p) => p.id === ids.mack)).toMatchObject({ label: 'neutral', inRecovery: true });
  });

  it('the projection for anything leaving the team has no labels, no "in recovery", no relationship, and only phones the client gave', async () => {
    const shared = await SocialMap.shareable(t.db.manager, client.organizationId, client.clientId);
    expect(shared).toEqual([
      { id: ids.dee, firstName: 'Dee', phone: null },
      { id: ids.mack, firstName: 'Mack', phone: null },
      { id: ids.rosa, firstName: 'Rosa', phone: '+4915112345678' },
    ]);
    const text = JSON.stringify(shared);
    for (const word of [
      'supportive',
      'neutral',
      'risky',
      'inRecovery',
      'recovery',
      'aunt',
      'old friend',
      'neighbour',
    ])
      expect(text).not.toContain(word);
  });

  it('refuses a contact with someone not on the map, in the future, or by a bad channel, writing nothing', async () => {
    const count = async () =>
      Number(
        (
          await t.db.query(`SELECT count(*) AS n FROM contact_log_entry WHERE client_id = $1`, [
            client.clientId,
          ])
        )[0].n,
      );
    const before = await count();
    const stranger = await as.client
      .post(path('/contacts'), { personId: ids.lou, at: '2026-01-20T10:00:00+01:00', how: 'call' })
      .expect(422);
    expect(stranger.body.errors[0].field).toBe('personId');
    const future = await as.client
      .post(path('/contacts'), { personId: ids.rosa, at: '2026-02-20T10:00:00+01:00', how: 'call' })
      .expect(422);
    expect(future.body.errors[0].field).toBe('at');
    const channel = await as.client
      .post(path('/contacts'), { personId: ids.rosa, at: '2026-01-20T10:00:00+01:00', how: 'pigeon' })
      .expect(400);
    expect(channel.body.errors[0].field).toBe('how');
    const label = await as.client.post(path('/social-map/people'), { name: 'X', label: 'toxic' }).expect(400);
    expect(label.body.errors[0].field).toBe('label');
    expect(await count()).toBe(before);
  });

  it('lists contacts with their source; another client and a colleague off the team cannot read them', async () => {
    const log = (await as.clinician.get(path('/contacts')).expect(200)).body as {
      source: string;
      personId: string;
    }[];
    expect(log).toHaveLength(7);
    expect(log.filter((c) => c.source === 'staff')).toHaveLength(1);
    await as.otherClient.get(path('/contacts')).expect(404);
    await as.colleague.get(path('/social-map')).expect(403);
  });

  it('a check-in can log a contact in its own transaction; a person off the map is refused and nothing is written', async () => {
    const at = berlin('2026-01-20T08:00:00');
    const entry = await t.db.transaction((tx) =>
      ContactLog.record(tx, { clientId: client.clientId, personId: ids.rosa, at, how: 'call', helped: true, source: 'checkin', recordedAt: t.clock.now() }),
    );
    expect(entry).toMatchObject({ personId: ids.rosa, source: 'checkin', recordedBy: null, helped: true });
    const week = (await as.peerCoach.get(path('/social-map/metrics?from=2026-W04&to=2026-W04')).expect(200)).body.weeks[0];
    expect(week).toMatchObject({ contacts: 1, supportiveContacts: 1, supportiveShare: 1 });
    await expect(
      t.db.transaction((tx) => ContactLog.record(tx, { clientId: client.clientId, personId: ids.lou, at, how: 'call', helped: null, source: 'checkin' })),
    ).rejects.toThrow('personId');
    expect((await as.clinician.get(path('/contacts')).expect(200)).body).toHaveLength(8);
  });
});

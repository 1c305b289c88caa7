import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { auditEventsAfter, createClient, createStaff, lastAuditEventId, tokenFor } from '@attune/testing';
import { DateTime, type DomainEventMap } from '@attune/platform';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { api, captureVisitEvents, LONG_TOKENS, countVisits, MONDAY, schedulingWorld, type Captured, type SchedulingWorld } from './support.js';

const chicago = (iso: string) => DateTime.fromISO(iso, { zone: 'America/Chicago' });

describe('visits', () => {
  let t: TestApp;
  let w: SchedulingWorld;
  let events: Captured<never>[];
  const path = () => `/clients/${w.client.clientId}/visits`;

  beforeAll(async () => {
    t = await startTestApp({ worker: false, now: MONDAY, env: LONG_TOKENS });
    w = await schedulingWorld(t);
    events = captureVisitEvents(t) as Captured<never>[];
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(() => {
    t.clock.set(MONDAY);
    events.length = 0;
  });

  it('schedules a visit for the client\'s team, publishes visit.scheduled after the commit, and shows it to the client', async () => {
    const res = await w.as.clinician
      .post(path(), { kind: 'video', startsAt: '2026-01-06T10:00:00-06:00', durationMinutes: 50, attendeeUserIds: [w.clinician.userId, w.peerCoach.userId] })
      .expect(201);
    const [visit] = res.body.visits;
    expect(res.body.seriesId).toBeNull();
    expect(visit).toMatchObject({ kind: 'video', status: 'scheduled', startsAt: '2026-01-06T16:00:00.000Z', endsAt: '2026-01-06T16:50:00.000Z', durationMinutes: 50, timeZone: 'America/Chicago' });
    expect([...visit.attendeeUserIds].sort()).toEqual([w.clinician.userId, w.peerCoach.userId].sort());
    expect(events).toEqual([
      {
        name: 'visit.scheduled',
        committed: true,
        event: expect.objectContaining({ visitId: visit.id, clientId: w.client.clientId, organizationId: w.org.id, startsAt: visit.startsAt, endsAt: visit.endsAt, durationMinutes: 50, kind: 'video', timeZone: 'America/Chicago', clientUserId: w.client.userId }),
      },
    ]);
    const mine = await w.as.client.get(`${path()}?from=2026-01-06T00:00:00Z&to=2026-01-07T00:00:00Z`).expect(200);
    expect(mine.body.map((v: { id: string }) => v.id)).toContain(visit.id);
    await w.as.supervisor.get(`${path()}/${visit.id}`).expect(200);
  });

  it('defaults the attendees to the person scheduling and the zone to the client\'s', async () => {
    const res = await w.as.peerCoach.post(path(), { kind: 'phone', startsAt: '2026-01-07T18:00:00Z', durationMinutes: 20 }).expect(201);
    expect(res.body.visits[0]).toMatchObject({ attendeeUserIds: [w.peerCoach.userId], timeZone: 'America/Chicago' });
  });

  it('lets neither the client nor a supervisor schedule', async () => {
    await w.as.client.post(path(), { kind: 'video', startsAt: '2026-01-08T18:00:00Z', durationMinutes: 30 }).expect(403);
    await w.as.supervisor.post(path(), { kind: 'video', startsAt: '2026-01-08T18:00:00Z', durationMinutes: 30 }).expect(403);
  });

  it.each([
    ['end before start', { kind: 'video', startsAt: '2026-01-09T18:00:00Z', endsAt: '2026-01-09T17:00:00Z' }, 422, 'endsAt'],
    ['zero duration', { kind: 'video', startsAt: '2026-01-09T18:00:00Z', durationMinutes: 0 }, 400, 'durationMinutes'],
    ['negative duration', { kind: 'video', startsAt: '2026-01-09T18:00:00Z', durationMinutes: -30 }, 400, 'durationMinutes'],
    ['no duration', { kind: 'video', startsAt: '2026-01-09T18:00:00Z' }, 422, 'durationMinutes'],
    ['unknown zone', { kind: 'video', startsAt: '2026-01-09T18:00:00Z', durationMinutes: 30, timeZone: 'Mars/Olympus' }, 422, 'timeZone'],
    ['instant without offset', { kind: 'video', startsAt: '2026-01-09T18:00:00', durationMinutes: 30 }, 400, 'startsAt'],
    ['unknown kind', { kind: 'teleport', startsAt: '2026-01-09T18:00:00Z', durationMinutes: 30 }, 400, 'kind'],
    ['audio only without a reason', { kind: 'audio_only', startsAt: '2026-01-09T18:00:00Z', durationMinutes: 30 }, 422, 'audioOnlyReason'],
    ['rrule that does not parse', { kind: 'video', startsAt: '2026-01-09T18:00:00Z', durationMinutes: 30, rrule: 'FREQ=WEEKLY;BYDAY=XX;COUNT=3' }, 422, 'rrule'],
    ['unbounded rrule', { kind: 'video', startsAt: '2026-01-09T18:00:00Z', durationMinutes: 30, rrule: 'FREQ=WEEKLY' }, 422, 'rrule'],
    ['rrule too long', { kind: 'video', startsAt: '2026-01-09T18:00:00Z', durationMinutes: 30, rrule: 'FREQ=DAILY;COUNT=401' }, 422, 'rrule'],
    ['rrule over two years', { kind: 'video', startsAt: '2026-01-09T18:00:00Z', durationMinutes: 30, rrule: 'FREQ=MONTHLY;UNTIL=20290101T000000Z' }, 422, 'rrule'],
    ['more than a day in the past', { kind: 'video', startsAt: '2026-01-03T18:00:00Z', durationMinutes: 30 }, 422, 'startsAt'],
  ])('refuses %s with a problem naming the field, writing nothing', async (_name, body, status, field) => {
    const before = await countVisits(t, w.client.clientId);
    const res = await w.as.clinician.post(path(), body).expect(status);
    expect(res.headers['content-type']).toMatch(/problem\+json|json/);
    expect(JSON.stringify(res.body.errors ?? res.body.detail)).toContain(field);
    expect(await countVisits(t, w.client.clientId)).toBe(before);
  });

  it('refuses attendees who are not on the client\'s team', async () => {
    const outsider = await createStaff(t.db, w.org, 'clinician');
    const before = await countVisits(t, w.client.clientId);
    const res = await w.as.clinician.post(path(), { kind: 'video', startsAt: '2026-01-09T18:00:00Z', durationMinutes: 30, attendeeUserIds: [w.clinician.userId, outsider.userId] }).expect(422);
    expect(res.body.errors).toEqual([{ field: 'attendeeUserIds.1', message: "is not on the client's care team" }]);
    expect(await countVisits(t, w.client.clientId)).toBe(before);
  });

  it('records an audio-only visit with why video is not used', async () => {
    const res = await w.as.caseManager
      .post(path(), { kind: 'audio_only', audioOnlyReason: 'client_cannot_use_video', startsAt: '2026-01-12T15:00:00Z', durationMinutes: 30, attendeeUserIds: [w.caseManager.userId] })
      .expect(201);
    expect(res.body.visits[0].audioOnlyReason).toBe('client_cannot_use_video');
  });

  it('records a visit that already happened as completed (late documentation) and publishes visit.completed', async () => {
    const res = await w.as.clinician
      .post(path(), { kind: 'in_home', address: '1 Farm Road', startsAt: '2026-01-01T15:00:00Z', durationMinutes: 60, documentAsCompleted: true })
      .expect(201);
    expect(res.body.visits[0]).toMatchObject({ status: 'completed', documentedLate: true });
    expect(events.map((e) => [e.name, e.committed])).toEqual([['visit.completed', true]]);
    // Not for a visit that has not ended yet.
    await w.as.clinician.post(path(), { kind: 'video', startsAt: '2026-01-05T11:30:00Z', durationMinutes: 60, documentAsCompleted: true }).expect(422);
  });

  it('keeps the history when a visit moves, publishes visit.rescheduled, and walks the status machine', async () => {
    const created = await w.as.clinician.post(path(), { kind: 'video', startsAt: '2026-01-13T16:00:00Z', durationMinutes: 45 }).expect(201);
    const id = created.body.visits[0].id;
    events.length = 0;
    const moved = await w.as.clinician.post(`${path()}/${id}/reschedule`, { startsAt: '2026-01-14T16:00:00Z', reason: 'client asked' }).expect(200);
    expect(moved.body.visits[0]).toMatchObject({ startsAt: '2026-01-14T16:00:00.000Z', endsAt: '2026-01-14T16:45:00.000Z', version: 2 });
    expect(events).toEqual([{ name: 'visit.rescheduled', committed: true, event: expect.objectContaining({ visitId: id, startsAt: '2026-01-14T16:00:00.000Z', previousStartsAt: '2026-01-13T16:00:00.000Z' }) }]);

    await w.as.clinician.post(`${path()}/${id}/status`, { status: 'confirmed' }).expect(200);
    await w.as.clinician.post(`${path()}/${id}/status`, { status: 'completed' }).expect(409); // not started yet
    t.clock.set(new Date('2026-01-14T16:01:00Z'));
    await w.as.clinician.post(`${path()}/${id}/status`, { status: 'in_progress' }).expect(200);
    events.length = 0;
    const done = await w.as.clinician.post(`${path()}/${id}/status`, { status: 'completed' }).expect(200);
    expect(done.body).toMatchObject({ status: 'completed', documentedLate: false });
    expect(events.map((e) => e.name)).toEqual(['visit.completed']);
    await w.as.clinician.post(`${path()}/${id}/status`, { status: 'confirmed' }).expect(409);
    await w.as.clinician.post(`${path()}/${id}/reschedule`, { startsAt: '2026-01-20T16:00:00Z' }).expect(409);

    const detail = await w.as.clinician.get(`${path()}/${id}`).expect(200);
    expect(detail.body.history.map((h: { change: string; toStatus: string }) => `${h.change}:${h.toStatus}`)).toEqual([
      'scheduled:scheduled', 'rescheduled:scheduled', 'status:confirmed', 'status:in_progress', 'status:completed',
    ]);
    expect(detail.body.history[1]).toMatchObject({ previousStartsAt: '2026-01-13T16:00:00.000Z', startsAt: '2026-01-14T16:00:00.000Z', reason: 'client asked' });
  });

  it('cancels with a reason, publishes visit.cancelled, and a cancelled visit stays cancelled', async () => {
    const created = await w.as.clinician.post(path(), { kind: 'video', startsAt: '2026-01-15T16:00:00Z', durationMinutes: 30 }).expect(201);
    const id = created.body.visits[0].id;
    events.length = 0;
    await w.as.clinician.post(`${path()}/${id}/cancel`, {}).expect(400);
    const res = await w.as.clinician.post(`${path()}/${id}/cancel`, { reason: 'client in hospital' }).expect(200);
    expect(res.body.visits[0]).toMatchObject({ status: 'cancelled', cancelReason: 'client in hospital' });
    expect(events.map((e) => [e.name, e.committed])).toEqual([['visit.cancelled', true]]);
    await w.as.clinician.post(`${path()}/${id}/status`, { status: 'confirmed' }).expect(409);
  });

  it('answers 404 for another client\'s visit and for a visit that does not exist', async () => {
    const other = await createClient(t.db, w.org);
    const created = await w.as.clinician.post(path(), { kind: 'video', startsAt: '2026-01-16T16:00:00Z', durationMinutes: 30 }).expect(201);
    const otherToken = await tokenFor(t.app, t.db, other);
    await api(t, otherToken).get(`/clients/${w.client.clientId}/visits/${created.body.visits[0].id}`).expect(404);
    await w.as.clinician.get(`${path()}/00000000-0000-4000-8000-000000000000`).expect(404);
    await w.as.clinician.get(`${path()}/not-a-uuid`).expect(404);
  });

  describe('series', () => {
    it('keeps a weekly 10:00 America/Chicago series at 10:00 local across March and November, through the API', async () => {
      const res = await w.as.clinician
        .post(path(), { kind: 'video', startsAt: '2026-01-20T10:00:00-06:00', durationMinutes: 60, timeZone: 'America/Chicago', rrule: 'FREQ=WEEKLY;COUNT=52', attendeeUserIds: [w.clinician.userId] })
        .expect(201);
      expect(res.body.seriesId).toEqual(expect.any(String));
      expect(res.body.visits).toHaveLength(52);
      for (const v of res.body.visits) expect(chicago(v.startsAt).toFormat('ccc HH:mm')).toBe('Tue 10:00');
      expect(new Set(res.body.visits.map((v: { startsAt: string }) => chicago(v.startsAt).offset))).toEqual(new Set([-360, -300]));
      // One event for the whole series, after the commit, naming every occurrence (and no per-occurrence events).
      expect(events.filter((e) => e.name === 'visit.scheduled')).toHaveLength(0);
      const seriesEvents = events.filter((e) => e.name === 'visit.series_scheduled');
      expect(seriesEvents).toHaveLength(1);
      expect(seriesEvents[0]).toMatchObject({
        committed: true,
        event: { seriesId: res.body.seriesId, clientId: w.client.clientId, organizationId: w.org.id, clientUserId: w.client.userId, attendeeUserIds: [w.clinician.userId], timeZone: 'America/Chicago', durationMinutes: 60, kind: 'video' },
      });
      expect((seriesEvents[0].event as DomainEventMap['visit.series_scheduled']).occurrences).toEqual(
        res.body.visits.map((v: { id: string; startsAt: string; endsAt: string }) => ({ visitId: v.id, startsAt: v.startsAt, endsAt: v.endsAt })),
      );
    });

    it('moves this one, this and the following, or the whole series, keeping local time; and cancels as exceptions', async () => {
      const res = await w.as.peerCoach
        .post(path(), { kind: 'phone', startsAt: '2026-02-04T14:00:00-06:00', durationMinutes: 30, rrule: 'FREQ=WEEKLY;BYDAY=WE;COUNT=8', exceptDates: ['2026-02-11'] })
        .expect(201);
      const visits: { id: string; startsAt: string; occurrenceLocal: string }[] = res.body.visits;
      expect(visits.map((v) => v.occurrenceLocal.slice(0, 10))).toEqual(['2026-02-04', '2026-02-18', '2026-02-25', '2026-03-04', '2026-03-11', '2026-03-18', '2026-03-25']);

      // This one only: Feb 18 to 15:00.
      await w.as.peerCoach.post(`${path()}/${visits[1].id}/reschedule`, { startsAt: '2026-02-18T15:00:00-06:00', scope: 'this' }).expect(200);
      // This and the following, from Mar 4: an hour later in local time, across the March change.
      const following = await w.as.peerCoach.post(`${path()}/${visits[3].id}/reschedule`, { startsAt: '2026-03-04T15:00:00-06:00', scope: 'following' }).expect(200);
      expect(following.body.visits.map((v: { startsAt: string }) => chicago(v.startsAt).toFormat('MM-dd HH:mm'))).toEqual(['03-04 15:00', '03-11 15:00', '03-18 15:00', '03-25 15:00']);
      // Split the way calendars split (RFC 5545): the old series ends before Mar 4, the rest is a series of its own.
      const rest = following.body.seriesId as string;
      expect(rest).not.toBe(res.body.seriesId);
      expect(following.body.visits.every((v: { seriesId: string }) => v.seriesId === rest)).toBe(true);
      const rules = await t.db.query<{ id: string; rrule: string; starts_local: string }[]>(
        `SELECT id, rrule, to_char(starts_local, 'YYYY-MM-DD"T"HH24:MI:SS') AS starts_local FROM visit_series WHERE id = ANY($1::uuid[])`,
        [[res.body.seriesId, rest]],
      );
      expect(Object.fromEntries(rules.map((r) => [r.id, [r.rrule, r.starts_local]]))).toEqual({
        [res.body.seriesId]: ['FREQ=WEEKLY;BYDAY=WE;UNTIL=20260304T195959Z', '2026-02-04T14:00:00'],
        [rest]: ['FREQ=WEEKLY;BYDAY=WE;COUNT=4', '2026-03-04T15:00:00'],
      });
      // Cancel one occurrence: an exception of the new series.
      await w.as.peerCoach.post(`${path()}/${visits[4].id}/cancel`, { reason: 'holiday' }).expect(200);
      const list = await w.as.peerCoach.get(`${path()}?from=2026-02-01T00:00:00Z&to=2026-04-01T00:00:00Z`).expect(200);
      const lines = (seriesId: string): string[] =>
        (list.body as { seriesId: string; startsAt: string; status: string; occurrenceLocal: string }[]).filter((v) => v.seriesId === seriesId).map((v) => `${chicago(v.startsAt).toFormat('MM-dd HH:mm')} ${v.status} ${v.occurrenceLocal.slice(5, 16)}`);
      expect(lines(res.body.seriesId)).toEqual(['02-04 14:00 scheduled 02-04T14:00', '02-18 15:00 scheduled 02-18T14:00', '02-25 14:00 scheduled 02-25T14:00']);
      expect(lines(rest)).toEqual(['03-04 15:00 scheduled 03-04T15:00', '03-11 15:00 cancelled 03-11T15:00', '03-18 15:00 scheduled 03-18T15:00', '03-25 15:00 scheduled 03-25T15:00']);
      // The whole (old) series: only its own part; the split-off series is left alone, and then cancelled on its own.
      const whole = await w.as.peerCoach.post(`${path()}/${visits[0].id}/cancel`, { reason: 'discharged', scope: 'series' }).expect(200);
      expect(whole.body.visits).toHaveLength(3);
      await w.as.peerCoach.post(`${path()}/${visits[0].id}/reschedule`, { startsAt: '2026-02-05T14:00:00-06:00', scope: 'series' }).expect(409);
      const tail = await w.as.peerCoach.post(`${path()}/${visits[5].id}/cancel`, { reason: 'discharged', scope: 'series' }).expect(200);
      expect(tail.body.visits.map((v: { id: string }) => v.id)).toEqual([visits[3].id, visits[5].id, visits[6].id]);
    });

    it('refuses a series scope on a single visit', async () => {
      const created = await w.as.clinician.post(path(), { kind: 'video', startsAt: '2026-01-21T20:00:00Z', durationMinutes: 30 }).expect(201);
      const res = await w.as.clinician.post(`${path()}/${created.body.visits[0].id}/cancel`, { reason: 'x', scope: 'series' }).expect(422);
      expect(res.body.errors[0].field).toBe('scope');
    });
  });

  describe('conflicts', () => {
    it('refuses an overlap for the same staff member with 409 naming the visit, including travel buffers', async () => {
      const home = await w.as.caseManager
        .post(path(), { kind: 'in_home', startsAt: '2026-02-02T15:00:00Z', durationMinutes: 60, travelBeforeMinutes: 45, travelAfterMinutes: 45, attendeeUserIds: [w.caseManager.userId] })
        .expect(201);
      const homeId = home.body.visits[0].id;
      const other = await createClient(t.db, w.org);
      const { addToTeam } = await import('@attune/testing');
      await addToTeam(t.db, other, w.caseManager, 'case_manager', new Date('2025-01-01T00:00:00Z'));
      const otherPath = `/clients/${other.clientId}/visits`;
      // 16:30 is after the visit but inside its 45 minutes of travel back.
      const clash = await w.as.caseManager.post(otherPath, { kind: 'video', startsAt: '2026-02-02T16:30:00Z', durationMinutes: 30 }).expect(409);
      expect(clash.body.errors).toEqual([{ field: 'startsAt', message: `overlaps visit ${homeId}` }]);
      // Without buffers on either side that time would be free: 16:45 is past the buffer.
      await w.as.caseManager.post(otherPath, { kind: 'video', startsAt: '2026-02-02T16:45:00Z', durationMinutes: 30 }).expect(201);
      // Before the visit: 14:00–14:30 ends inside the 45 minutes of travel there.
      await w.as.caseManager.post(otherPath, { kind: 'video', startsAt: '2026-02-02T14:00:00Z', durationMinutes: 30 }).expect(409);
      await w.as.caseManager.post(otherPath, { kind: 'video', startsAt: '2026-02-02T13:30:00Z', durationMinutes: 45 }).expect(201);
    });

    it('refuses an overlap for the same client whoever attends, and allows a deliberate double booking, audited', async () => {
      const first = await w.as.clinician.post(path(), { kind: 'video', startsAt: '2026-02-03T15:00:00Z', durationMinutes: 60 }).expect(201);
      const firstId = first.body.visits[0].id;
      const clash = await w.as.peerCoach.post(path(), { kind: 'phone', startsAt: '2026-02-03T15:30:00Z', durationMinutes: 30 }).expect(409);
      expect(clash.body.detail).toContain(firstId);
      const before = await lastAuditEventId(t.db);
      const booked = await w.as.peerCoach.post(path(), { kind: 'phone', startsAt: '2026-02-03T15:30:00Z', durationMinutes: 30, allowConflicts: true }).expect(201);
      const audit = await auditEventsAfter(t.db, before);
      expect(audit).toContainEqual(expect.objectContaining({ action: 'visit.double_booked', actor_user_id: w.peerCoach.userId, client_id: w.client.clientId, subject_id: booked.body.visits[0].id, outcome: 'allowed', reason: `overlaps visit ${firstId}` }));
    });

    it('checks a move against other visits, and a series against every occurrence', async () => {
      const a = await w.as.clinician.post(path(), { kind: 'video', startsAt: '2026-02-05T15:00:00Z', durationMinutes: 60 }).expect(201);
      const b = await w.as.clinician.post(path(), { kind: 'video', startsAt: '2026-02-05T18:00:00Z', durationMinutes: 60 }).expect(201);
      const res = await w.as.clinician.post(`${path()}/${b.body.visits[0].id}/reschedule`, { startsAt: '2026-02-05T15:30:00Z' }).expect(409);
      expect(res.body.detail).toContain(a.body.visits[0].id);
      // Moving a visit onto its own old time is no conflict with itself.
      await w.as.clinician.post(`${path()}/${b.body.visits[0].id}/reschedule`, { startsAt: '2026-02-05T18:30:00Z' }).expect(200);
      const before = await countVisits(t, w.client.clientId);
      const series = await w.as.clinician.post(path(), { kind: 'video', startsAt: '2026-01-29T15:30:00Z', durationMinutes: 30, rrule: 'FREQ=WEEKLY;COUNT=4' }).expect(409);
      expect(series.body.detail).toContain(a.body.visits[0].id);
      expect(await countVisits(t, w.client.clientId)).toBe(before);
    });
  });
});

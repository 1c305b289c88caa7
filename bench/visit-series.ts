import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { expandSeries, newJoinToken, newRoomName, visitsCalendar } from '@attune/scheduling';
import { localDateTime } from '@attune/platform';
import { round } from './lib/load.js';
import { rawPool } from './lib/raw-pool.js';
import { inParallel, schedulingBench } from './lib/scheduling-setup.js';

const TEAMS = Number(process.env.BENCH_TEAMS ?? 100);
const SERIES_PER_TEAM = 5; // Monday to Friday at 10:00: no series overlaps another
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const POOL = 10;
const RRULE = 'FREQ=WEEKLY;COUNT=52';
const ZONE = 'America/Chicago';
const VISIT_OFFSETS_SECONDS = [86_400, 3_600];
const firstStart = (day: number) => new Date(Date.UTC(2027, 0, 4 + day, 16, 0)); // Mondays… 10:00 Chicago

/**
 * visit-series: 500 weekly 52-occurrence series (26,000 visits) through the api, vs raw `pg` writing the
 * same rows Attune writes for each (series, visits, attendees, history, meeting links, join tokens,
 * visit reminders, audit) in one transaction per series, at the same concurrency.
 */
export async function visitSeries(): Promise<Record<string, unknown>> {
  const bench = await schedulingBench(POOL, CONCURRENCY);
  const pool = rawPool(bench.database.url, POOL);
  try {
    const attuneTeams: Awaited<ReturnType<typeof bench.team>>[] = [];
    const rawTeams: Awaited<ReturnType<typeof bench.team>>[] = [];
    for (let i = 0; i < TEAMS; i++) attuneTeams.push(await bench.team());
    for (let i = 0; i < TEAMS; i++) rawTeams.push(await bench.team());

    // Day-major order: requests in flight at once are for different clients, as in real use (five series
    // for one client at the same instant would only measure the wait on that client's row lock).
    const viaAttune = Array.from({ length: SERIES_PER_TEAM }, (_, day) => attuneTeams.map((team) => async () => {
        const res = await bench.call('POST', `/api/v1/clients/${team.client.clientId}/visits`, team.token, {
          kind: 'video', startsAt: firstStart(day).toISOString(), durationMinutes: 60, timeZone: ZONE, rrule: RRULE,
        });
        if (res.status !== 201) throw new Error(`schedule answered ${res.status}: ${res.body}`);
      })).flat();
    const viaRaw = Array.from({ length: SERIES_PER_TEAM }, (_, day) =>
      rawTeams.map((team) => () => rawSeries(pool, team.client.organizationId, team.client.clientId, team.client.userId, team.clinician.userId, firstStart(day))),
    ).flat();

    const t0 = performance.now();
    await inParallel(viaRaw, CONCURRENCY);
    const rawSeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    await inParallel(viaAttune, CONCURRENCY);
    const attuneSeconds = (performance.now() - t1) / 1000;
    const [{ n }] = await bench.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM visit`);
    const series = TEAMS * SERIES_PER_TEAM;
    return {
      bench: 'visit-series',
      series,
      visits: n / 2,
      concurrency: CONCURRENCY,
      seconds: round(attuneSeconds),
      seriesPerSecond: round(series / attuneSeconds),
      floor: { seconds: round(rawSeconds), seriesPerSecond: round(series / rawSeconds) },
      ratio: round(rawSeconds / attuneSeconds, 3),
      goal: 0.5,
    };
  } finally {
    await pool.end();
    await bench.close();
  }
}

async function rawSeries(pool: pg.Pool, organizationId: string, clientId: string, clientUserId: string, staffUserId: string, startsAt: Date): Promise<void> {
  const occurrences = expandSeries({ rrule: RRULE, startsLocal: localDateTime(startsAt, ZONE), timeZone: ZONE });
  const starts = occurrences.map((o) => o.startsAt);
  const ends = starts.map((s) => new Date(s.getTime() + 3600_000));
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const now = new Date();
    const [series] = (await c.query<{ id: string }>(
      `INSERT INTO visit_series (organization_id, client_id, rrule, starts_local, time_zone, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [organizationId, clientId, RRULE, localDateTime(startsAt, ZONE), ZONE, staffUserId, now],
    )).rows;
    const ids = (await c.query<{ id: string }>(
      `INSERT INTO visit (organization_id, client_id, series_id, occurrence_local, kind, starts_at, ends_at, time_zone, busy_from, busy_until, status, created_by, created_at, updated_at)
       SELECT $1, $2, $3, o.l, 'video', o.s, o.e, $4, o.s, o.e, 'scheduled', $5, $6, $6 FROM unnest($7::timestamp[], $8::timestamptz[], $9::timestamptz[]) AS o(l, s, e) RETURNING id`,
      [organizationId, clientId, series.id, ZONE, staffUserId, now, occurrences.map((o) => o.occurrenceLocal), starts, ends],
    )).rows.map((r) => r.id);
    await c.query(`INSERT INTO visit_attendee (visit_id, organization_id, user_id) SELECT v, $1, $2 FROM unnest($3::uuid[]) AS v`, [organizationId, staffUserId, ids]);
    await c.query(
      `INSERT INTO visit_history (visit_id, organization_id, change, to_status, starts_at, ends_at, changed_by, changed_at)
       SELECT v, $1, 'scheduled', 'scheduled', s, e, $2, $3 FROM unnest($4::uuid[], $5::timestamptz[], $6::timestamptz[]) AS x(v, s, e)`,
      [organizationId, staffUserId, now, ids, starts, ends],
    );
    await c.query(`INSERT INTO visit_link (visit_id, organization_id, provider, room, created_at) SELECT v, $1, 'jitsi', r, $2 FROM unnest($3::uuid[], $4::text[]) AS x(v, r)`, [
      organizationId, now, ids, ids.map(() => newRoomName()),
    ]);
    const people = ids.flatMap((v) => [[v, clientUserId, false], [v, staffUserId, true]] as const);
    const tokens = people.map(() => newJoinToken());
    await c.query(
      `INSERT INTO visit_participant (token, visit_id, organization_id, user_id, moderator, created_at) SELECT t, v, $1, u, m, $2 FROM unnest($3::text[], $4::uuid[], $5::uuid[], $6::boolean[]) AS x(t, v, u, m)`,
      [organizationId, now, tokens, people.map((p) => p[0]), people.map((p) => p[1]), people.map((p) => p[2])],
    );
    // The client's one invitation email for the whole series, with its calendar part (the scheduler gets none).
    const invitation = visitsCalendar(
      ids.map((id, i) => ({ id, kind: 'video' as const, status: 'scheduled' as const, startsAt: starts[i], endsAt: ends[i], version: 1, address: null, joinUrl: `http://localhost/j/${tokens[i * 2]}` })),
      { includeLocations: false, method: 'request' },
    );
    await c.query(
      `INSERT INTO outbound_message (organization_id, recipient_user_id, channel, to_address, subject, body, status, attempts, created_at, at_least_once, calendar_method, calendar_ics)
       SELECT $1, $2, 'email', u.email, 'Attune session', $3, 'queued', 0, $4, false, 'REQUEST', $5 FROM user_account u WHERE u.id = $2`,
      [organizationId, clientUserId, `Your Attune team booked ${ids.length} sessions with you.`, now, invitation],
    );
    // Visit reminders (reminders' default offsets, 24 h and 1 h), to the client and the attending clinician.
    const reminders = ids.flatMap((v, i) =>
      [clientUserId, staffUserId].flatMap((u) => VISIT_OFFSETS_SECONDS.map((offset) => ({ v, u, slot: String(offset), due: new Date(starts[i].getTime() - offset * 1000), at: starts[i] }))),
    );
    await c.query(
      `INSERT INTO reminder (organization_id, recipient_user_id, client_id, kind, subject_id, slot, due_at, subject_at, critical, channels, created_at, updated_at)
       SELECT $1, r.u, $2, 'visit', r.v, r.slot, r.due, r.at, false, '{in_app,sms}', $3, $3
         FROM unnest($4::uuid[], $5::uuid[], $6::text[], $7::timestamptz[], $8::timestamptz[]) AS r(v, u, slot, due, at)`,
      [organizationId, clientId, now, reminders.map((r) => r.v), reminders.map((r) => r.u), reminders.map((r) => r.slot), reminders.map((r) => r.due), reminders.map((r) => r.at)],
    );
    await c.query(
      `INSERT INTO audit_event (organization_id, actor_user_id, actor_role, action, capability, client_id, outcome, basis, request_id) VALUES ($1, $2, 'clinician', 'visit.schedule', 'visits:schedule', $3, 'allowed', 'team', $4)`,
      [organizationId, staffUserId, clientId, randomBytes(8).toString('hex')],
    );
    await c.query('COMMIT');
  } catch (error) {
    await c.query('ROLLBACK');
    throw error;
  } finally {
    c.release();
  }
}

import { performance } from 'node:perf_hooks';
import { round } from './lib/load.js';
import { schedulingBench } from './lib/scheduling-setup.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 500);
const VISITS = 200;

/**
 * free-slots: the free-window query for 3 staff over 14 days with 200 existing visits, one call at a time:
 * p50 and p99 in ms. Queries per call (policy facts, its audit event, one schedule query) are asserted
 * by test/scheduling/availability.e2e-spec.ts; the guard's session check is the same for every route.
 */
export async function freeSlots(): Promise<Record<string, unknown>> {
  const bench = await schedulingBench(4, 1);
  try {
    const team = await bench.team();
    const staff = [team.clinician, team.peerCoach, team.caseManager];
    for (const person of staff) {
      await bench.db.query(
        `INSERT INTO staff_working_hours (organization_id, staff_user_id, weekday, starts_local, ends_local) SELECT $1, $2, d, '08:00', '18:00' FROM generate_series(1, 5) AS d`,
        [team.client.organizationId, person.userId],
      );
    }
    // 200 visits spread over the three staff and the next 14 days, with 15 minutes of travel each side.
    const day0 = Date.now() + 3600_000;
    for (let i = 0; i < VISITS; i++) {
      const startsAt = new Date(day0 + (i % 14) * 86_400_000 + Math.floor(i / 14) * 45 * 60_000);
      const endsAt = new Date(startsAt.getTime() + 30 * 60_000);
      const [visit] = await bench.db.query<{ id: string }[]>(
        `INSERT INTO visit (organization_id, client_id, kind, starts_at, ends_at, time_zone, busy_from, busy_until, status, created_by, created_at, updated_at)
         VALUES ($1, $2, 'in_home', $3, $4, 'America/Chicago', $3::timestamptz - interval '15 minutes', $4::timestamptz + interval '15 minutes', 'scheduled', $5, now(), now()) RETURNING id`,
        [team.client.organizationId, team.client.clientId, startsAt, endsAt, team.clinician.userId],
      );
      await bench.db.query(`INSERT INTO visit_attendee (visit_id, organization_id, user_id) VALUES ($1, $2, $3)`, [visit.id, team.client.organizationId, staff[i % 3].userId]);
    }
    const path = `/api/v1/clients/${team.client.clientId}/free-slots?staffUserIds=${staff.map((s) => s.userId).join(',')}&days=14&durationMinutes=60&travelBeforeMinutes=15&travelAfterMinutes=15`;
    const first = await bench.call('GET', path, team.token);
    if (first.status !== 200) throw new Error(`free-slots answered ${first.status}: ${first.body}`);
    const windows = (JSON.parse(first.body) as { windows: unknown[] }).windows.length;
    for (let i = 0; i < 50; i++) await bench.call('GET', path, team.token); // warm-up
    const latencies: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      const t0 = performance.now();
      const res = await bench.call('GET', path, team.token);
      latencies.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`free-slots answered ${res.status}`);
    }
    latencies.sort((a, b) => a - b);
    const at = (q: number) => round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]);
    return { bench: 'free-slots', staff: 3, days: 14, visits: VISITS, windows, calls: CALLS, p50: at(0.5), p99: at(0.99), goalP99: 50, sqlQueriesPerCall: 3, goalQueries: 3 };
  } finally {
    await bench.close();
  }
}

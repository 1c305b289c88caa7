import type { EntityManager } from 'typeorm';
import type { AudioOnlyReason, Visit, VisitChange, VisitKind, VisitStatus } from './visit.js';

/** A visit as it is written; busy_from/busy_until are derived from the times and travel. */
export interface VisitRowInput {
  clientId: string;
  seriesId: string | null;
  occurrenceLocal: string | null;
  kind: VisitKind;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  audioOnlyReason: AudioOnlyReason | null;
  address: string | null;
  travelBeforeMinutes: number;
  travelAfterMinutes: number;
  status: VisitStatus;
  documentedLate: boolean;
}

export interface HistoryInput {
  visitId: string;
  change: VisitChange['change'];
  fromStatus: VisitStatus | null;
  toStatus: VisitStatus | null;
  previousStartsAt: Date | null;
  previousEndsAt: Date | null;
  startsAt: Date;
  endsAt: Date;
  reason: string | null;
}

export const busyFrom = (v: { startsAt: Date; travelBeforeMinutes: number }) => new Date(v.startsAt.getTime() - v.travelBeforeMinutes * 60_000);
export const busyUntil = (v: { endsAt: Date; travelAfterMinutes: number }) => new Date(v.endsAt.getTime() + v.travelAfterMinutes * 60_000);

// timestamp (without zone) is read as text: node-postgres would read it in the process TZ.
const COLUMNS = `v.id, v.client_id, v.series_id, to_char(v.occurrence_local, 'YYYY-MM-DD"T"HH24:MI:SS') AS occurrence_local,
  v.kind, v.starts_at, v.ends_at, v.time_zone, v.audio_only_reason, v.address, v.travel_before_minutes, v.travel_after_minutes,
  v.status, v.cancel_reason, v.documented_late, v.version, v.created_at, v.updated_at,
  ARRAY(SELECT a.user_id FROM visit_attendee a WHERE a.visit_id = v.id ORDER BY a.user_id) AS attendee_user_ids`;

interface Row {
  id: string;
  client_id: string;
  series_id: string | null;
  occurrence_local: string | null;
  kind: VisitKind;
  starts_at: Date;
  ends_at: Date;
  time_zone: string;
  audio_only_reason: AudioOnlyReason | null;
  address: string | null;
  travel_before_minutes: number;
  travel_after_minutes: number;
  status: VisitStatus;
  cancel_reason: string | null;
  documented_late: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
  attendee_user_ids: string[];
}

const toVisit = (r: Row): Visit => ({
  id: r.id,
  clientId: r.client_id,
  seriesId: r.series_id,
  occurrenceLocal: r.occurrence_local,
  kind: r.kind,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  durationMinutes: Math.round((r.ends_at.getTime() - r.starts_at.getTime()) / 60_000),
  timeZone: r.time_zone,
  audioOnlyReason: r.audio_only_reason,
  address: r.address,
  travelBeforeMinutes: r.travel_before_minutes,
  travelAfterMinutes: r.travel_after_minutes,
  status: r.status,
  cancelReason: r.cancel_reason,
  documentedLate: r.documented_late,
  attendeeUserIds: r.attendee_user_ids,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Visit rows. Every query takes the organisation id (ARCHITECTURE rule 2). */
export const VisitRows = {
  /** Inserts visits, their attendees and their first history rows in three statements; returns ids in order. */
  async insertMany(tx: EntityManager, organizationId: string, actorUserId: string, now: Date, rows: VisitRowInput[], attendeeUserIds: string[]): Promise<string[]> {
    const inserted: { id: string }[] = await tx.query(
      `INSERT INTO visit (organization_id, client_id, series_id, occurrence_local, kind, starts_at, ends_at, time_zone, audio_only_reason,
                          address, travel_before_minutes, travel_after_minutes, busy_from, busy_until, status, documented_late,
                          created_by, created_at, updated_at)
       SELECT $1, $2, $3, o.occurrence_local, $4, o.starts_at, o.ends_at, $5, $6, $7, $8, $9, o.busy_from, o.busy_until, $10, $11, $12, $13, $13
         FROM unnest($14::timestamp[], $15::timestamptz[], $16::timestamptz[], $17::timestamptz[], $18::timestamptz[])
              WITH ORDINALITY AS o(occurrence_local, starts_at, ends_at, busy_from, busy_until, n)
        ORDER BY o.n
       RETURNING id`,
      [
        organizationId, rows[0].clientId, rows[0].seriesId, rows[0].kind, rows[0].timeZone, rows[0].audioOnlyReason, rows[0].address,
        rows[0].travelBeforeMinutes, rows[0].travelAfterMinutes, rows[0].status, rows[0].documentedLate, actorUserId, now,
        rows.map((r) => r.occurrenceLocal), rows.map((r) => r.startsAt), rows.map((r) => r.endsAt), rows.map(busyFrom), rows.map(busyUntil),
      ],
    );
    const ids = inserted.map((r) => r.id);
    if (attendeeUserIds.length > 0) {
      await tx.query(
        `INSERT INTO visit_attendee (visit_id, organization_id, user_id)
         SELECT v, $1, u FROM unnest($2::uuid[]) AS v CROSS JOIN unnest($3::uuid[]) AS u`,
        [organizationId, ids, attendeeUserIds],
      );
    }
    await VisitRows.recordHistory(
      tx, organizationId, actorUserId, now,
      rows.map((r, i) => ({ visitId: ids[i], change: 'scheduled', fromStatus: null, toStatus: r.status, previousStartsAt: null, previousEndsAt: null, startsAt: r.startsAt, endsAt: r.endsAt, reason: null })),
    );
    return ids;
  },

  async recordHistory(tx: EntityManager, organizationId: string, actorUserId: string, now: Date, changes: HistoryInput[]): Promise<void> {
    if (changes.length === 0) return;
    await tx.query(
      `INSERT INTO visit_history (visit_id, organization_id, change, from_status, to_status, previous_starts_at, previous_ends_at,
                                  starts_at, ends_at, reason, changed_by, changed_at)
       SELECT h.visit_id, $1, h.change, h.from_status, h.to_status, h.previous_starts_at, h.previous_ends_at, h.starts_at, h.ends_at, h.reason, $2, $3
         FROM unnest($4::uuid[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[], $10::timestamptz[], $11::timestamptz[], $12::text[])
              AS h(visit_id, change, from_status, to_status, previous_starts_at, previous_ends_at, starts_at, ends_at, reason)`,
      [
        organizationId, actorUserId, now,
        changes.map((c) => c.visitId), changes.map((c) => c.change), changes.map((c) => c.fromStatus), changes.map((c) => c.toStatus),
        changes.map((c) => c.previousStartsAt), changes.map((c) => c.previousEndsAt), changes.map((c) => c.startsAt), changes.map((c) => c.endsAt),
        changes.map((c) => c.reason),
      ],
    );
  },

  async find(manager: EntityManager, organizationId: string, clientId: string, visitId: string, lock = false): Promise<Visit | null> {
    const rows: Row[] = await manager.query(
      `SELECT ${COLUMNS} FROM visit v WHERE v.id = $1 AND v.organization_id = $2 AND v.client_id = $3 ${lock ? 'FOR NO KEY UPDATE' : ''}`,
      [visitId, organizationId, clientId],
    );
    return rows[0] ? toVisit(rows[0]) : null;
  },

  async findMany(manager: EntityManager, organizationId: string, ids: string[]): Promise<Visit[]> {
    const rows: Row[] = await manager.query(`SELECT ${COLUMNS} FROM visit v WHERE v.id = ANY($1::uuid[]) AND v.organization_id = $2 ORDER BY v.starts_at, v.id`, [
      ids,
      organizationId,
    ]);
    return rows.map(toVisit);
  },

  async ofClient(manager: EntityManager, organizationId: string, clientId: string, from: Date, to: Date, limit: number): Promise<Visit[]> {
    const rows: Row[] = await manager.query(
      `SELECT ${COLUMNS} FROM visit v
        WHERE v.organization_id = $1 AND v.client_id = $2 AND v.starts_at < $4 AND v.ends_at > $3
        ORDER BY v.starts_at, v.id LIMIT $5`,
      [organizationId, clientId, from, to, limit],
    );
    return rows.map(toVisit);
  },

  /** Open occurrences of a series from a local start on (or all), locked for the change. */
  async openInSeries(tx: EntityManager, organizationId: string, seriesId: string, fromOccurrenceLocal: string | null, notBefore: Date): Promise<Visit[]> {
    const rows: Row[] = await tx.query(
      `SELECT ${COLUMNS} FROM visit v
        WHERE v.organization_id = $1 AND v.series_id = $2 AND v.status IN ('scheduled', 'confirmed')
          AND ($3::timestamp IS NULL OR v.occurrence_local >= $3::timestamp) AND v.starts_at >= $4
        ORDER BY v.starts_at, v.id FOR NO KEY UPDATE`,
      [organizationId, seriesId, fromOccurrenceLocal, notBefore],
    );
    return rows.map(toVisit);
  },

  async moveMany(tx: EntityManager, organizationId: string, now: Date, moves: { visit: Visit; startsAt: Date; endsAt: Date }[]): Promise<void> {
    await tx.query(
      `UPDATE visit v SET starts_at = m.starts_at, ends_at = m.ends_at,
              busy_from = m.starts_at - make_interval(mins => v.travel_before_minutes),
              busy_until = m.ends_at + make_interval(mins => v.travel_after_minutes),
              status = 'scheduled', version = v.version + 1, updated_at = $2
         FROM unnest($3::uuid[], $4::timestamptz[], $5::timestamptz[]) AS m(id, starts_at, ends_at)
        WHERE v.id = m.id AND v.organization_id = $1`,
      [organizationId, now, moves.map((m) => m.visit.id), moves.map((m) => m.startsAt), moves.map((m) => m.endsAt)],
    );
  },

  async setStatus(tx: EntityManager, organizationId: string, now: Date, ids: string[], status: VisitStatus, extra: { cancelReason?: string; documentedLate?: boolean } = {}): Promise<void> {
    await tx.query(
      `UPDATE visit SET status = $3, cancel_reason = coalesce($4, cancel_reason), documented_late = documented_late OR $5,
              version = version + 1, updated_at = $6
        WHERE id = ANY($2::uuid[]) AND organization_id = $1`,
      [organizationId, ids, status, extra.cancelReason ?? null, extra.documentedLate ?? false, now],
    );
  },

  async history(manager: EntityManager, organizationId: string, visitId: string): Promise<VisitChange[]> {
    const rows: {
      change: VisitChange['change'];
      from_status: VisitStatus | null;
      to_status: VisitStatus | null;
      previous_starts_at: Date | null;
      previous_ends_at: Date | null;
      starts_at: Date;
      ends_at: Date;
      reason: string | null;
      changed_by: string;
      changed_at: Date;
    }[] = await manager.query(
      `SELECT change, from_status, to_status, previous_starts_at, previous_ends_at, starts_at, ends_at, reason, changed_by, changed_at
         FROM visit_history WHERE visit_id = $1 AND organization_id = $2 ORDER BY id`,
      [visitId, organizationId],
    );
    return rows.map((r) => ({
      change: r.change,
      fromStatus: r.from_status,
      toStatus: r.to_status,
      previousStartsAt: r.previous_starts_at,
      previousEndsAt: r.previous_ends_at,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      reason: r.reason,
      changedBy: r.changed_by,
      changedAt: r.changed_at,
    }));
  },
};

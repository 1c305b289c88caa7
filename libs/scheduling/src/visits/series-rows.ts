import type { EntityManager } from 'typeorm';
import { endSeriesBefore, splitSeries } from '../recurrence/series-split.js';

interface SeriesRow {
  rrule: string;
  starts_local: string;
  time_zone: string;
}

/**
 * The stored rule of a series follows changes made to "this and the following" or "the whole series":
 * the part before the earliest changed occurrence keeps the old rule (ended there), the rest becomes a
 * series of its own with the moved rule, so a later change to either part leaves the other alone.
 */
export const SeriesRows = {
  /** Moves the series from `fromOccurrenceLocal` on by `shiftMinutes` of wall-clock time; returns the series id those visits now belong to. */
  async split(tx: EntityManager, organizationId: string, seriesId: string, fromOccurrenceLocal: string, shiftMinutes: number, actorUserId: string, now: Date): Promise<string> {
    if (shiftMinutes === 0) return seriesId;
    const series = await lock(tx, organizationId, seriesId);
    const split = splitSeries({ rrule: series.rrule, startsLocal: series.starts_local, timeZone: series.time_zone }, fromOccurrenceLocal, shiftMinutes);
    let target = seriesId;
    if (split.before === null) {
      await tx.query(`UPDATE visit_series SET rrule = $2, starts_local = $3 WHERE id = $1`, [seriesId, split.after.rrule, split.after.startsLocal]);
    } else {
      await tx.query(`UPDATE visit_series SET rrule = $2 WHERE id = $1`, [seriesId, split.before]);
      const [created]: { id: string }[] = await tx.query(
        `INSERT INTO visit_series (organization_id, client_id, rrule, starts_local, time_zone, created_by, created_at)
         SELECT organization_id, client_id, $2, $3, time_zone, $4, $5 FROM visit_series WHERE id = $1 RETURNING id`,
        [seriesId, split.after.rrule, split.after.startsLocal, actorUserId, now],
      );
      target = created.id;
    }
    // Their RECURRENCE-IDs in the new rule: a visit moved on its own before stays an exception of it.
    await tx.query(
      `UPDATE visit SET series_id = $3, occurrence_local = occurrence_local + make_interval(mins => $5)
        WHERE organization_id = $1 AND series_id = $2 AND occurrence_local >= $4::timestamp`,
      [organizationId, seriesId, target, fromOccurrenceLocal, shiftMinutes],
    );
    return target;
  },

  /** Cancelling from an occurrence on ends the rule just before it (cancelled visits stay, as the record). */
  async endBefore(tx: EntityManager, organizationId: string, seriesId: string, fromOccurrenceLocal: string): Promise<void> {
    const series = await lock(tx, organizationId, seriesId);
    const ended = endSeriesBefore({ rrule: series.rrule, startsLocal: series.starts_local, timeZone: series.time_zone }, fromOccurrenceLocal);
    if (ended !== null) await tx.query(`UPDATE visit_series SET rrule = $2 WHERE id = $1`, [seriesId, ended]);
  },
};

async function lock(tx: EntityManager, organizationId: string, seriesId: string): Promise<SeriesRow> {
  const [series]: SeriesRow[] = await tx.query(
    `SELECT rrule, to_char(starts_local, 'YYYY-MM-DD"T"HH24:MI:SS') AS starts_local, time_zone FROM visit_series WHERE id = $1 AND organization_id = $2 FOR UPDATE`,
    [seriesId, organizationId],
  );
  return series;
}

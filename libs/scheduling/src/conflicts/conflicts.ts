import type { EntityManager } from 'typeorm';

/** A time a visit would take: the visit itself, and the staff's time with travel around it. */
export interface PlannedTime {
  startsAt: Date;
  endsAt: Date;
  busyFrom: Date;
  busyUntil: Date;
}

/**
 * The first visit that overlaps any of the planned times: for the client, the visits themselves (they are
 * at home, no travel); for the attending staff, visits with their travel buffers on both sides.
 * Cancelled and no-show visits hold no time. One query for any number of occurrences.
 */
export async function findConflict(
  tx: EntityManager,
  organizationId: string,
  clientId: string,
  staffUserIds: string[],
  planned: PlannedTime[],
  ignoreVisitIds: string[] = [],
): Promise<{ visitId: string } | null> {
  if (planned.length === 0) return null;
  const rows: { id: string }[] = await tx.query(
    `SELECT v.id
       FROM unnest($3::timestamptz[], $4::timestamptz[], $5::timestamptz[], $6::timestamptz[]) AS o(starts_at, ends_at, busy_from, busy_until)
       JOIN visit v ON v.organization_id = $1 AND v.status NOT IN ('cancelled', 'no_show')
                   AND v.busy_from < o.busy_until AND v.busy_until > o.busy_from
      WHERE v.id <> ALL($7::uuid[])
        AND ((v.client_id = $2 AND v.starts_at < o.ends_at AND v.ends_at > o.starts_at)
             OR EXISTS (SELECT 1 FROM visit_attendee a WHERE a.visit_id = v.id AND a.user_id = ANY($8::uuid[])))
      ORDER BY o.starts_at, v.starts_at
      LIMIT 1`,
    [
      organizationId, clientId,
      planned.map((p) => p.startsAt), planned.map((p) => p.endsAt), planned.map((p) => p.busyFrom), planned.map((p) => p.busyUntil),
      ignoreVisitIds, staffUserIds,
    ],
  );
  return rows[0] ? { visitId: rows[0].id } : null;
}

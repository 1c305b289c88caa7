import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessPolicy } from '@attune/care';
import type { Actor } from '@attune/identity';
import { Clock, isUuidLike, localDate, Problem } from '@attune/platform';
import { freeWindows, type FreeWindow, type Interval, type WorkingHours } from './free-slots.js';

export interface StaffAvailability {
  userId: string;
  timeZone: string;
  hours: WorkingHours[];
  /** Days off from today (in the staff member's zone) on. */
  daysOff: string[];
}

export interface FreeSlotRequest {
  staffUserIds: string[];
  days: number;
  durationMinutes: number;
  travelBeforeMinutes?: number;
  travelAfterMinutes?: number;
}

export interface FreeSlots {
  from: Date;
  until: Date;
  windows: FreeWindow[];
  /** Asked-for team members with no working hours set: they are never free, so there are no windows until they set some. */
  withoutWorkingHours: string[];
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Working hours per weekday (local, in the staff member's zone), days off, and free windows for a visit
 * with a chosen set of a client's team. A person sets their own hours; a supervisor or admin may set anyone's.
 */
@Injectable()
export class Availability {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: AccessPolicy,
    private readonly clock: Clock,
  ) {}

  async get(actor: Actor, staffUserId: string): Promise<StaffAvailability> {
    const zone = await this.requireStaff(actor, staffUserId, 'read');
    return this.read(this.db.manager, actor.organizationId, staffUserId, zone);
  }

  async setWorkingHours(actor: Actor, staffUserId: string, hours: WorkingHours[]): Promise<StaffAvailability> {
    const zone = await this.requireStaff(actor, staffUserId, 'manage');
    hours.forEach((h, i) => {
      if (!Number.isInteger(h.weekday) || h.weekday < 1 || h.weekday > 7) throw Problem.invalid(`hours.${i}.weekday`, 'must be 1 (Monday) to 7 (Sunday)');
      if (!TIME.test(h.start)) throw Problem.invalid(`hours.${i}.start`, 'must be a local time HH:mm');
      if (!TIME.test(h.end)) throw Problem.invalid(`hours.${i}.end`, 'must be a local time HH:mm');
      if (h.end <= h.start) throw Problem.invalid(`hours.${i}.end`, 'must be after start');
      const overlap = hours.findIndex((o, j) => j < i && o.weekday === h.weekday && o.start < h.end && h.start < o.end);
      if (overlap >= 0) throw Problem.invalid(`hours.${i}`, `overlaps hours.${overlap}`);
    });
    return this.db.transaction(async (tx) => {
      await tx.query(`DELETE FROM staff_working_hours WHERE staff_user_id = $1 AND organization_id = $2`, [staffUserId, actor.organizationId]);
      if (hours.length > 0) {
        await tx.query(
          `INSERT INTO staff_working_hours (organization_id, staff_user_id, weekday, starts_local, ends_local)
           SELECT $1, $2, h.weekday, h.starts_local, h.ends_local FROM unnest($3::smallint[], $4::time[], $5::time[]) AS h(weekday, starts_local, ends_local)`,
          [actor.organizationId, staffUserId, hours.map((h) => h.weekday), hours.map((h) => h.start), hours.map((h) => h.end)],
        );
      }
      return this.read(tx, actor.organizationId, staffUserId, zone);
    });
  }

  async addDayOff(actor: Actor, staffUserId: string, day: string): Promise<StaffAvailability> {
    const zone = await this.requireStaff(actor, staffUserId, 'manage');
    if (!DATE.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) throw Problem.invalid('date', 'must be a date YYYY-MM-DD');
    await this.db.query(
      `INSERT INTO staff_day_off (organization_id, staff_user_id, day) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [actor.organizationId, staffUserId, day],
    );
    return this.read(this.db.manager, actor.organizationId, staffUserId, zone);
  }

  async removeDayOff(actor: Actor, staffUserId: string, day: string): Promise<StaffAvailability> {
    const zone = await this.requireStaff(actor, staffUserId, 'manage');
    if (!DATE.test(day)) throw Problem.invalid('date', 'must be a date YYYY-MM-DD');
    await this.db.query(`DELETE FROM staff_day_off WHERE staff_user_id = $1 AND organization_id = $2 AND day = $3`, [staffUserId, actor.organizationId, day]);
    return this.read(this.db.manager, actor.organizationId, staffUserId, zone);
  }

  /**
   * Free windows in the next N days for a visit with these team members. Three queries in all: the
   * policy's facts, its audit event, and one that gathers every schedule, day off and busy time.
   */
  async freeSlots(actor: Actor, clientId: string, request: FreeSlotRequest): Promise<FreeSlots> {
    const access = await this.policy.require(actor, clientId, 'visits:schedule', { action: 'visit.free_slots' });
    const staffUserIds = [...new Set(request.staffUserIds)];
    if (staffUserIds.length === 0) throw Problem.invalid('staffUserIds', 'name at least one team member');
    const from = this.clock.now();
    const until = new Date(from.getTime() + request.days * 86_400_000);
    const [row]: { staff: { id: string; time_zone: string; on_team: boolean; hours: WorkingHours[]; days_off: string[]; busy: { from: string; until: string }[] }[] | null; client_busy: { from: string; until: string }[] }[] =
      await this.db.query(
        `WITH staff AS (
           SELECT u.id, u.time_zone,
                  EXISTS (SELECT 1 FROM care_team_membership m
                           WHERE m.organization_id = $1 AND m.client_id = $2 AND m.staff_user_id = u.id
                             AND m.starts_at <= $3 AND (m.ends_at IS NULL OR m.ends_at > $3)) AS on_team,
                  coalesce((SELECT json_agg(json_build_object('weekday', h.weekday, 'start', to_char(h.starts_local, 'HH24:MI'), 'end', to_char(h.ends_local, 'HH24:MI')))
                              FROM staff_working_hours h WHERE h.staff_user_id = u.id AND h.organization_id = $1), '[]') AS hours,
                  coalesce((SELECT json_agg(to_char(d.day, 'YYYY-MM-DD')) FROM staff_day_off d
                             WHERE d.staff_user_id = u.id AND d.organization_id = $1
                               AND d.day BETWEEN ($3::timestamptz - interval '2 days')::date AND ($4::timestamptz + interval '2 days')::date), '[]') AS days_off,
                  coalesce((SELECT json_agg(json_build_object('from', v.busy_from, 'until', v.busy_until))
                              FROM visit_attendee a JOIN visit v ON v.id = a.visit_id
                             WHERE a.user_id = u.id AND v.organization_id = $1 AND v.status NOT IN ('cancelled', 'no_show')
                               AND v.busy_from < $4 AND v.busy_until > $3), '[]') AS busy
             FROM user_account u JOIN staff_member s ON s.user_id = u.id
            WHERE u.id = ANY($5::uuid[]) AND u.organization_id = $1
         )
         SELECT (SELECT json_agg(staff) FROM staff) AS staff,
                coalesce((SELECT json_agg(json_build_object('from', v.starts_at, 'until', v.ends_at)) FROM visit v
                           WHERE v.organization_id = $1 AND v.client_id = $2 AND v.status NOT IN ('cancelled', 'no_show')
                             AND v.starts_at < $4 AND v.ends_at > $3), '[]') AS client_busy`,
        [access.organizationId, clientId, from, until, staffUserIds.filter(isUuidLike)],
      );
    const found = new Map((row.staff ?? []).map((s) => [s.id, s]));
    staffUserIds.forEach((id, i) => {
      if (!found.get(id)?.on_team) throw Problem.invalid(`staffUserIds.${i}`, "is not on the client's care team");
    });
    const interval = (b: { from: string; until: string }): Interval => ({ from: new Date(b.from), until: new Date(b.until) });
    const windows = freeWindows({
      from,
      until,
      durationMinutes: request.durationMinutes,
      travelBeforeMinutes: request.travelBeforeMinutes ?? 0,
      travelAfterMinutes: request.travelAfterMinutes ?? 0,
      staff: staffUserIds.map((id) => {
        const s = found.get(id)!;
        return { userId: id, timeZone: s.time_zone, hours: s.hours, daysOff: s.days_off, busy: s.busy.map(interval) };
      }),
      clientBusy: row.client_busy.map(interval),
    });
    return { from, until, windows, withoutWorkingHours: staffUserIds.filter((id) => found.get(id)!.hours.length === 0) };
  }

  /** Yourself, or a supervisor or admin of your organisation; another organisation's staff is 404. Returns the zone. */
  private async requireStaff(actor: Actor, staffUserId: string, purpose: 'read' | 'manage'): Promise<string> {
    const rows: { time_zone: string }[] = isUuidLike(staffUserId)
      ? await this.db.query(
          `SELECT u.time_zone FROM staff_member s JOIN user_account u ON u.id = s.user_id WHERE s.user_id = $1 AND s.organization_id = $2`,
          [staffUserId, actor.organizationId],
        )
      : [];
    if (!rows[0]) throw Problem.notFound('staff member');
    const overseer = actor.role === 'supervisor' || actor.role === 'admin';
    if (actor.userId !== staffUserId && !overseer) throw Problem.forbidden(`only the staff member, a supervisor or an admin may ${purpose} these hours`);
    return rows[0].time_zone;
  }

  private async read(manager: EntityManager, organizationId: string, staffUserId: string, zone: string): Promise<StaffAvailability> {
    const [row]: { hours: WorkingHours[]; days_off: string[] }[] = await manager.query(
      `SELECT coalesce((SELECT json_agg(json_build_object('weekday', weekday, 'start', to_char(starts_local, 'HH24:MI'), 'end', to_char(ends_local, 'HH24:MI')) ORDER BY weekday, starts_local)
                          FROM staff_working_hours WHERE staff_user_id = $1 AND organization_id = $2), '[]') AS hours,
              coalesce((SELECT json_agg(to_char(day, 'YYYY-MM-DD') ORDER BY day) FROM staff_day_off
                         WHERE staff_user_id = $1 AND organization_id = $2 AND day >= $3::date), '[]') AS days_off`,
      [staffUserId, organizationId, localDate(this.clock.now(), zone)],
    );
    return { userId: staffUserId, timeZone: zone, hours: row.hours, daysOff: row.days_off };
  }
}


import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessPolicy } from '@attune/care';
import type { Actor } from '@attune/identity';
import { Clock, Problem, addIsoWeeks, isIsoWeek, isoWeekBounds, isoWeekOf } from '@attune/platform';
import {
  weeklyMetrics,
  type ContactFact,
  type LabelChange,
  type WeekWindow,
  type WeeklyMetrics,
} from './weekly-metrics.js';

export interface SpsSnapshot {
  submittedAt: Date;
  /** The SPS subscales and total, as libs/measures scored them. */
  scores: Record<string, number | string>;
}

export interface NetworkMetricsView {
  /** The client's IANA zone: weeks run Monday to Sunday there. */
  timeZone: string;
  weeks: WeeklyMetrics[];
  /** The latest Social Provisions Scale response, shown beside the weekly figures; null if none yet. */
  latestSps: SpsSnapshot | null;
}

const DEFAULT_WEEKS = 8;
const MAX_WEEKS = 53;

/** Per client and ISO week in the client's zone: the social map's growth and its use, beside the SPS. */
@Injectable()
export class NetworkMetrics {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: AccessPolicy,
    private readonly clock: Clock,
  ) {}

  async weekly(
    actor: Actor,
    clientId: string,
    range: { from?: string; to?: string } = {},
  ): Promise<NetworkMetricsView> {
    const access = await this.policy.require(actor, clientId, 'network:read', {
      action: 'social-map.metrics',
    });
    const zone = access.client.timeZone;
    for (const field of ['from', 'to'] as const) {
      if (range[field] !== undefined && !isIsoWeek(range[field]))
        throw Problem.invalid(field, 'must be an ISO week such as 2026-W10');
    }
    const to = range.to ?? isoWeekOf(this.clock.now(), zone);
    const from = range.from ?? addIsoWeeks(to, -(DEFAULT_WEEKS - 1));
    const windows: WeekWindow[] = [];
    for (let week = from; windows.length <= MAX_WEEKS && week <= to; week = addIsoWeeks(week, 1))
      windows.push({ week, ...isoWeekBounds(week, zone) });
    if (windows.length === 0) throw Problem.invalid('from', 'must not be after to');
    if (windows.length > MAX_WEEKS) throw Problem.invalid('from', `at most ${MAX_WEEKS} weeks at a time`);
    const endsAt = windows.at(-1)!.endsAt;

    const changes: { person_id: string; label: LabelChange['label']; removed: boolean; changed_at: Date }[] =
      await this.db.query(
        `SELECT person_id, label, removed, changed_at FROM social_person_change
        WHERE client_id = $1 AND organization_id = $2 AND changed_at < $3 ORDER BY changed_at, id`,
        [clientId, access.organizationId, endsAt],
      );
    // Contacts whose person was first put on the map after the range still count, with that first label.
    const contacts: { person_id: string; at: Date; helped: boolean | null }[] = await this.db.query(
      `SELECT person_id, at, helped FROM contact_log_entry WHERE client_id = $1 AND organization_id = $2 AND at >= $3 AND at < $4`,
      [clientId, access.organizationId, windows[0].startsAt, endsAt],
    );
    const late: typeof changes = await this.db.query(
      `SELECT DISTINCT ON (person_id) person_id, label, removed, changed_at FROM social_person_change
        WHERE client_id = $1 AND organization_id = $2 AND changed_at >= $3 AND person_id = ANY($4::uuid[]) ORDER BY person_id, changed_at, id`,
      [clientId, access.organizationId, endsAt, [...new Set(contacts.map((c) => c.person_id))]],
    );
    const labelChanges: LabelChange[] = [...changes, ...late].map((c) => ({
      personId: c.person_id,
      label: c.label,
      removed: c.removed,
      changedAt: c.changed_at,
    }));
    const facts: ContactFact[] = contacts.map((c) => ({ personId: c.person_id, at: c.at, helped: c.helped }));

    return {
      timeZone: zone,
      weeks: weeklyMetrics(windows, labelChanges, facts),
      latestSps: await this.latestSps(actor, clientId, access.organizationId),
    };
  }

  /** The SPS is a measure: reading it is its own decision (the peer coach reads it as a social measure). */
  private async latestSps(
    actor: Actor,
    clientId: string,
    organizationId: string,
  ): Promise<SpsSnapshot | null> {
    await this.policy.requireAny(actor, clientId, ['measures:read', 'measures:read-social'], {
      action: 'measures:list',
    });
    const rows: { submitted_at: Date; scores: SpsSnapshot['scores'] }[] = await this.db.query(
      `SELECT submitted_at, scores FROM measure_response WHERE client_id = $1 AND organization_id = $2 AND instrument = 'SPS'
        ORDER BY submitted_at DESC, id DESC LIMIT 1`,
      [clientId, organizationId],
    );
    return rows[0] ? { submittedAt: rows[0].submitted_at, scores: rows[0].scores } : null;
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessPolicy } from '@attune/care';
import type { Actor } from '@attune/identity';
import { INSTRUMENT_CODES, readCapabilitiesFor, type InstrumentCode } from '@attune/measures';
import { Clock, Problem } from '@attune/platform';
import { RELIABLE_CHANGE_REFERENCES, reliableChange, type ReliableChange } from './reliable-change.js';

export interface ScoreTrend {
  series: { at: Date; value: number }[];
  /** The first response's score: intake. */
  intake: number;
  latest: number;
  /** latest − intake. */
  change: number;
  /** Null when no published reliable-change index exists for this score: `change` is plain change. */
  reliableChange: ReliableChange | null;
  changeKind: 'reliable-change-index' | 'plain change';
}

export interface InstrumentTrend {
  clientId: string;
  instrument: InstrumentCode;
  responses: number;
  /** Numeric scores only (severity labels are in each response). */
  scores: Record<string, ScoreTrend>;
}

export interface AttachmentMovement {
  clientId: string;
  responses: number;
  intake: { anxiety: number; avoidance: number; at: Date };
  latest: { anxiety: number; avoidance: number; at: Date };
  /** Both ECR-R anxiety and avoidance lower than at intake: moving toward secure attachment. */
  towardSecure: boolean;
}

/**
 * Per client and instrument: the series of each score, change since intake (the first response) and,
 * where a published index exists (PHQ-9, GAD-7 totals), reliable change. A caseload view of who moved
 * toward secure attachment (ECR-R anxiety and avoidance both down since intake).
 * Reading follows the measures' rules: a peer coach reads SPS and BAM trends only.
 */
@Injectable()
export class MeasureTrends {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    private readonly clock: Clock,
  ) {}

  async forClient(actor: Actor, clientId: string, instrument: string): Promise<InstrumentTrend> {
    if (!(INSTRUMENT_CODES as readonly string[]).includes(instrument)) throw Problem.invalid('instrument', `must be one of ${INSTRUMENT_CODES.join(', ')}`);
    const code = instrument as InstrumentCode;
    const { access } = await this.access.requireAny(actor, clientId, readCapabilitiesFor(code), { action: 'measures.trend' });
    const rows = await this.db.query<{ scores: Record<string, number | string>; submitted_at: Date }[]>(
      `SELECT scores, submitted_at FROM measure_response WHERE client_id = $1 AND organization_id = $2 AND instrument = $3 ORDER BY submitted_at, id`,
      [clientId, access.organizationId, code],
    );
    return { clientId, instrument: code, responses: rows.length, scores: trends(code, rows) };
  }

  /** Clients on the actor's caseload with at least two ECR-R responses (`measures:read` per client). */
  async attachmentMovement(actor: Actor): Promise<AttachmentMovement[]> {
    await this.access.requireOrganization(actor, 'caseload:read');
    const now = this.clock.now();
    const wholeOrganization = this.access.can(actor, 'clients:list-all');
    const rows = await this.db.query<Row[]>(
      `SELECT c.id AS client_id, c.organization_id, c.user_id, r.responses,
              r.first_scores, r.first_at, r.last_scores, r.last_at,
              ARRAY(SELECT m.team_role FROM care_team_membership m
                     WHERE m.client_id = c.id AND m.staff_user_id = $2 AND m.starts_at <= $3 AND (m.ends_at IS NULL OR m.ends_at > $3)) AS team_roles
         FROM client c
         JOIN LATERAL (
           SELECT count(*)::int AS responses,
                  (array_agg(scores ORDER BY submitted_at, id))[1] AS first_scores, min(submitted_at) AS first_at,
                  (array_agg(scores ORDER BY submitted_at DESC, id DESC))[1] AS last_scores, max(submitted_at) AS last_at
             FROM measure_response WHERE client_id = c.id AND organization_id = c.organization_id AND instrument = 'ECR-R'
         ) r ON r.responses >= 2
        WHERE c.organization_id = $1
          ${wholeOrganization ? '' : `AND EXISTS (SELECT 1 FROM care_team_membership m WHERE m.client_id = c.id AND m.staff_user_id = $2 AND m.starts_at <= $3 AND (m.ends_at IS NULL OR m.ends_at > $3))`}
        ORDER BY c.created_at, c.id`,
      [actor.organizationId, actor.userId, now],
    );
    const allowed = await this.access.filterListed(
      actor,
      'measures:read',
      rows.map((r) => ({ ...r, clientId: r.client_id, organizationId: r.organization_id, clientUserId: r.user_id, activeTeamRoles: r.team_roles })),
      { action: 'measures.attachment-movement' },
    );
    return allowed.map((r) => {
      const intake = { anxiety: Number(r.first_scores.anxiety), avoidance: Number(r.first_scores.avoidance), at: r.first_at };
      const latest = { anxiety: Number(r.last_scores.anxiety), avoidance: Number(r.last_scores.avoidance), at: r.last_at };
      return { clientId: r.client_id, responses: r.responses, intake, latest, towardSecure: latest.anxiety < intake.anxiety && latest.avoidance < intake.avoidance };
    });
  }
}

interface Row {
  client_id: string;
  organization_id: string;
  user_id: string;
  responses: number;
  first_scores: Record<string, number>;
  first_at: Date;
  last_scores: Record<string, number>;
  last_at: Date;
  team_roles: string[];
}

/** Each numeric score's series and change since the first response. */
export function trends(instrument: string, rows: { scores: Record<string, number | string>; submitted_at: Date }[]): Record<string, ScoreTrend> {
  if (rows.length === 0) return {};
  const keys = Object.keys(rows[0].scores).filter((k) => typeof rows[0].scores[k] === 'number');
  return Object.fromEntries(
    keys.map((key) => {
      const series = rows.filter((r) => typeof r.scores[key] === 'number').map((r) => ({ at: r.submitted_at, value: r.scores[key] as number }));
      const intake = series[0].value;
      const latest = series[series.length - 1].value;
      const reference = RELIABLE_CHANGE_REFERENCES[instrument]?.[key];
      const trend: ScoreTrend = {
        series,
        intake,
        latest,
        change: Math.round((latest - intake) * 100) / 100,
        reliableChange: reference && series.length >= 2 ? reliableChange(reference, intake, latest) : null,
        changeKind: reference ? 'reliable-change-index' : 'plain change',
      };
      return [key, trend];
    }),
  );
}

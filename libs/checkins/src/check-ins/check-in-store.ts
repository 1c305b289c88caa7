import type { EntityManager } from 'typeorm';
import { AuditTrail } from '@attune/care';
import { preparedQuery, type RiskSeverity } from '@attune/platform';
import { Escalations } from '@attune/reminders';
import { SEVERITY, type RiskRule } from '../risk/risk-rules.js';
import { DEFAULT_RISK_RULES, RISK_SETTINGS_COLUMNS, type RiskSettingsRow } from '../risk/risk-settings.js';
import type { MedicationAnswer } from './check-in-input.js';

/** One check-in to store, as the policy and the clock settled it. */
export interface CheckInSubmission {
  id: string;
  organizationId: string;
  clientId: string;
  submittedBy: string;
  submittedAt: Date;
  localDate: string;
  mood: number;
  craving: number;
  used: boolean;
  substance: string | null;
  medication: MedicationAnswer;
  sleepHours: number;
  connection: number;
  safetyConcern: boolean;
  note: string | null;
  bodyHash: string;
  /** The access policy's allowed event for it (`AuditTrail.asJson`, read in the request), written in the same statement. */
  audit: Record<string, unknown>[];
}

/** An alert the statement raised for a new check-in, with its first escalation (JSON from the statement). */
export interface RaisedByCheckIn {
  id: string;
  rule: RiskRule;
  severity: RiskSeverity;
  status: 'open';
  raisedAt: string;
  escalationId: string | null;
  escalationVersion: number | null;
  escalationDueAt: string | null;
}

/**
 * What storing one answered: whether it is new (not a retry), the outreach task it closed, the alerts the
 * organisation's rules raised for it (new check-ins only), and those rules (crisis line, for the answer).
 */
export type StoredCheckIn = RiskSettingsRow & { inserted: boolean; closed_task_id: string | null; alerts: RaisedByCheckIn[] };

/**
 * Everything a submission writes, for any number of check-ins, in ONE atomic statement and round trip: the
 * hot path of every submission, shared by concurrent submissions (see groupCommit).
 * - the access policy's audit events (allowed; refusals never get here), committed with the change;
 * - the inserts; a retry of an id already stored inserts nothing (`inserted` false);
 * - the closing of each client's open outreach task (a check-in is the client reaching back);
 * - the risk rules of each organisation (its risk_settings row, else the defaults passed in, with the
 *   severities of SEVERITY): each hit
 *   of a new check-in stores an alert, unique by check-in and rule, and schedules its escalation.
 * The rules live here and nowhere else: the alert and its check-in commit together or not at all.
 */
const STORE = `WITH input AS (
    SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::timestamptz[], $6::date[], $7::int[], $8::int[], $9::boolean[],
                         $10::text[], $11::text[], $12::numeric[], $13::int[], $14::boolean[], $15::text[], $16::text[])
      WITH ORDINALITY AS i(id, organization_id, client_id, submitted_by, submitted_at, local_date, mood, craving, used,
                           substance, medication, sleep_hours, connection, safety_concern, note, body_hash, n)),
  audited AS (${AuditTrail.insertFromJsonSql('$17')}),
  -- The same id twice in one batch (a phone's retry racing itself): only the first may count as new.
  firsts AS (SELECT DISTINCT ON (id) id, n FROM input ORDER BY id, n),
  ins AS (
    INSERT INTO check_in (id, organization_id, client_id, submitted_by, submitted_at, local_date, mood, craving, used, substance, medication, sleep_hours, connection, safety_concern, note, body_hash)
    SELECT id, organization_id, client_id, submitted_by, submitted_at, local_date, mood, craving, used, substance, medication, sleep_hours, connection, safety_concern, note, body_hash
      FROM input ORDER BY n
    ON CONFLICT (id) DO NOTHING RETURNING id),
  fresh AS (SELECT i.* FROM input i JOIN ins ON ins.id = i.id JOIN firsts f ON f.id = i.id AND f.n = i.n),
  closed AS (
    UPDATE outreach_task t SET status = 'done', closed_at = i.submitted_at, closed_by = i.submitted_by, close_reason = 'check_in'
      FROM fresh i
     WHERE t.client_id = i.client_id AND t.organization_id = i.organization_id AND t.status = 'open'
    RETURNING t.id, t.client_id),
  hits AS (
    SELECT f.organization_id, f.client_id, f.id AS check_in_id, f.submitted_at, r.rule, r.severity
      FROM fresh f LEFT JOIN risk_settings s ON s.organization_id = f.organization_id
     CROSS JOIN LATERAL (VALUES
       ('safety_concern', $22::text, f.safety_concern AND coalesce(s.safety_concern, $18::boolean)),
       ('craving_high', $23::text, f.craving >= coalesce(s.craving_threshold, $19::int)),
       ('use_reported', $24::text, f.used AND coalesce(s.use_reported, $20::boolean))) AS r(rule, severity, hit)
     WHERE r.hit),
  raised AS (
    INSERT INTO risk_alert (organization_id, client_id, rule, severity, source_key, check_in_id, raised_at)
    SELECT organization_id, client_id, rule, severity, 'check-in:' || check_in_id || ':' || rule, check_in_id, submitted_at FROM hits
    ON CONFLICT (source_key) DO NOTHING
    RETURNING organization_id, id, client_id, rule, severity, status, check_in_id, raised_at),
  escalated AS (${Escalations.scheduleSql(
    'raised',
    `raised_at + make_interval(secs => coalesce((SELECT s.escalate_after_seconds FROM risk_settings s WHERE s.organization_id = raised.organization_id), $21::int))`,
    'raised_at',
  )})
  SELECT i.n, new.inserted,
         -- A task closed by several new check-ins of one client is reported once, with the first.
         CASE WHEN new.inserted AND i.n = (SELECT min(j.n) FROM fresh j WHERE j.client_id = i.client_id)
              THEN (SELECT c.id FROM closed c WHERE c.client_id = i.client_id LIMIT 1) END AS closed_task_id,
         (SELECT coalesce(json_agg(json_build_object('id', r.id, 'rule', r.rule, 'severity', r.severity, 'status', r.status, 'raisedAt', r.raised_at,
                                                     'escalationId', e.id, 'escalationVersion', e.version, 'escalationDueAt', e.due_at)), '[]'::json)
            FROM raised r LEFT JOIN escalated e ON e.alert_id = r.id WHERE new.inserted AND r.check_in_id = i.id) AS alerts,
         ${RISK_SETTINGS_COLUMNS.split(', ').map((c) => `s.${c}`).join(', ')}
    FROM input i
    CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM fresh f WHERE f.id = i.id AND f.n = i.n) AS inserted) new
    LEFT JOIN risk_settings s ON s.organization_id = i.organization_id
   ORDER BY i.n`;

/** Stores the check-ins with their audit events (`audit`: one allowed event per submission, from `requireForWrite`); one answer per submission, in order. */
export async function storeCheckIns(manager: EntityManager, submissions: readonly CheckInSubmission[]): Promise<StoredCheckIn[]> {
  const column = <K extends keyof CheckInSubmission>(key: K) => submissions.map((s) => s[key]);
  return preparedQuery<StoredCheckIn>(manager, 'checkin-store-v2', STORE, [
    column('id'), column('organizationId'), column('clientId'), column('submittedBy'), column('submittedAt'), column('localDate'),
    column('mood'), column('craving'), column('used'), column('substance'), column('medication'), column('sleepHours'),
    column('connection'), column('safetyConcern'), column('note'), column('bodyHash'),
    JSON.stringify(submissions.flatMap((s) => s.audit)),
    DEFAULT_RISK_RULES.safetyConcern, DEFAULT_RISK_RULES.cravingThreshold, DEFAULT_RISK_RULES.useReported, DEFAULT_RISK_RULES.escalateAfterSeconds,
    SEVERITY.safety_concern, SEVERITY.craving_high, SEVERITY.use_reported,
  ]);
}

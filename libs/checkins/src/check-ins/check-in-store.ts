import type { EntityManager } from 'typeorm';
import { preparedQuery } from '@attune/platform';
import { RISK_SETTINGS_COLUMNS, type RiskSettingsRow } from '../risk/risk-settings.js';
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
}

/** What storing one answered: whether it is new (not a retry), the outreach task it closed, its organisation's rules. */
export type StoredCheckIn = RiskSettingsRow & { inserted: boolean; closed_task_id: string | null };

/**
 * The inserts, the closing of each client's open outreach task (a check-in is the client reaching back)
 * and each organisation's rules, for any number of check-ins, in ONE atomic statement and round trip:
 * the hot path of every submission, shared by concurrent submissions (see groupCommit). A retry of an
 * id already stored inserts nothing (`inserted` false) and closes nothing.
 */
const STORE = `WITH input AS (
    SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::timestamptz[], $6::date[], $7::int[], $8::int[], $9::boolean[],
                         $10::text[], $11::text[], $12::numeric[], $13::int[], $14::boolean[], $15::text[], $16::text[])
      WITH ORDINALITY AS i(id, organization_id, client_id, submitted_by, submitted_at, local_date, mood, craving, used,
                           substance, medication, sleep_hours, connection, safety_concern, note, body_hash, n)),
  -- The same id twice in one batch (a phone's retry racing itself): only the first may count as new.
  firsts AS (SELECT DISTINCT ON (id) id, n FROM input ORDER BY id, n),
  ins AS (
    INSERT INTO check_in (id, organization_id, client_id, submitted_by, submitted_at, local_date, mood, craving, used, substance, medication, sleep_hours, connection, safety_concern, note, body_hash)
    SELECT id, organization_id, client_id, submitted_by, submitted_at, local_date, mood, craving, used, substance, medication, sleep_hours, connection, safety_concern, note, body_hash
      FROM input ORDER BY n
    ON CONFLICT (id) DO NOTHING RETURNING id),
  closed AS (
    UPDATE outreach_task t SET status = 'done', closed_at = i.submitted_at, closed_by = i.submitted_by, close_reason = 'check_in'
      FROM input i JOIN ins ON ins.id = i.id
     WHERE t.client_id = i.client_id AND t.organization_id = i.organization_id AND t.status = 'open'
    RETURNING t.id, t.client_id)
  SELECT i.n, new.inserted,
         -- A task closed by several new check-ins of one client is reported once, with the first.
         CASE WHEN new.inserted AND i.n = (SELECT min(j.n) FROM input j JOIN ins ON ins.id = j.id WHERE j.client_id = i.client_id)
              THEN (SELECT c.id FROM closed c WHERE c.client_id = i.client_id LIMIT 1) END AS closed_task_id,
         ${RISK_SETTINGS_COLUMNS.split(', ').map((c) => `s.${c}`).join(', ')}
    FROM input i
    CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM ins JOIN firsts f ON f.id = ins.id WHERE ins.id = i.id AND f.n = i.n) AS inserted) new
    LEFT JOIN risk_settings s ON s.organization_id = i.organization_id
   ORDER BY i.n`;

/** Stores the check-ins; one answer per submission, in order. */
export async function storeCheckIns(manager: EntityManager, submissions: readonly CheckInSubmission[]): Promise<StoredCheckIn[]> {
  const column = <K extends keyof CheckInSubmission>(key: K) => submissions.map((s) => s[key]);
  return preparedQuery<StoredCheckIn>(manager, 'checkin-store', STORE, [
    column('id'), column('organizationId'), column('clientId'), column('submittedBy'), column('submittedAt'), column('localDate'),
    column('mood'), column('craving'), column('used'), column('substance'), column('medication'), column('sleepHours'),
    column('connection'), column('safetyConcern'), column('note'), column('bodyHash'),
  ]);
}

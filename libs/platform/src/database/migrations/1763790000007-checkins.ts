import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Daily check-ins, the organisation's risk rules, the alerts they raise and the outreach tasks that a
 * quiet client opens for their peer coach.
 */
export class CheckIns1763790000007 implements MigrationInterface {
  name = 'CheckIns1763790000007';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      -- The id is the client's own (generated on the phone): a retried submission finds its first copy.
      CREATE TABLE check_in (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organization(id),
        client_id uuid NOT NULL REFERENCES client(id),
        submitted_by uuid NOT NULL REFERENCES user_account(id),
        submitted_at timestamptz NOT NULL,
        -- The day in the client's zone when it was submitted: trends and missed days count these.
        local_date date NOT NULL,
        mood smallint NOT NULL CHECK (mood BETWEEN 1 AND 5),
        craving smallint NOT NULL CHECK (craving BETWEEN 0 AND 10),
        used boolean NOT NULL,
        substance text,
        medication text NOT NULL CHECK (medication IN ('yes', 'no', 'not_applicable')),
        sleep_hours numeric(3,1) NOT NULL CHECK (sleep_hours BETWEEN 0 AND 24),
        connection smallint NOT NULL CHECK (connection BETWEEN 0 AND 10),
        safety_concern boolean NOT NULL,
        note text,
        -- sha-256 of the normalised body: the same id with another body is a conflict, not a repeat.
        body_hash text NOT NULL
      );
      CREATE INDEX check_in_client_idx ON check_in (client_id, submitted_at DESC, id DESC);
      CREATE INDEX check_in_client_day_idx ON check_in (client_id, local_date);

      CREATE TABLE risk_settings (
        organization_id uuid PRIMARY KEY REFERENCES organization(id),
        craving_threshold smallint NOT NULL DEFAULT 8 CHECK (craving_threshold BETWEEN 0 AND 10),
        use_reported boolean NOT NULL DEFAULT true,
        safety_concern boolean NOT NULL DEFAULT true,
        phq9_item9 boolean NOT NULL DEFAULT true,
        missed_days_alert smallint NOT NULL DEFAULT 3 CHECK (missed_days_alert BETWEEN 1 AND 30),
        outreach_after_days smallint NOT NULL DEFAULT 2 CHECK (outreach_after_days BETWEEN 1 AND 30),
        escalate_after_seconds integer NOT NULL DEFAULT 900 CHECK (escalate_after_seconds BETWEEN 60 AND 86400),
        crisis_line_name text,
        crisis_line_phone text,
        updated_at timestamptz NOT NULL
      );

      CREATE TABLE risk_alert (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id),
        client_id uuid NOT NULL REFERENCES client(id),
        rule text NOT NULL CHECK (rule IN ('craving_high', 'use_reported', 'safety_concern', 'missed_checkins', 'phq9_item9')),
        severity text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
        check_in_id uuid REFERENCES check_in(id),
        measure_response_id uuid REFERENCES measure_response(id),
        -- What made it fire once (a check-in and rule, a response, a quiet streak): never two alerts for it.
        source_key text NOT NULL UNIQUE,
        raised_at timestamptz NOT NULL,
        acknowledged_by uuid REFERENCES user_account(id),
        acknowledged_at timestamptz,
        resolved_by uuid REFERENCES user_account(id),
        resolved_at timestamptz,
        resolution_note text
      );
      CREATE INDEX risk_alert_client_idx ON risk_alert (client_id, raised_at DESC);
      CREATE INDEX risk_alert_open_idx ON risk_alert (organization_id, client_id) WHERE status <> 'resolved';

      CREATE TABLE outreach_task (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id),
        client_id uuid NOT NULL REFERENCES client(id),
        -- The client's peer coach when it opened (null when the team has none: the team still sees it).
        assignee_user_id uuid REFERENCES user_account(id),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
        -- The last local day with a check-in (or the start) before the quiet days.
        quiet_since date NOT NULL,
        opened_at timestamptz NOT NULL,
        closed_at timestamptz,
        closed_by uuid REFERENCES user_account(id),
        close_reason text CHECK (close_reason IN ('contact_made', 'check_in', 'visit_completed'))
      );
      CREATE UNIQUE INDEX outreach_task_one_open ON outreach_task (client_id) WHERE status = 'open';
      CREATE INDEX outreach_task_assignee_idx ON outreach_task (assignee_user_id, status);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE outreach_task, risk_alert, risk_settings, check_in`);
  }
}

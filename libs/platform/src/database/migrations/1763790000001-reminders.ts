import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reminders (the rows are the source of truth; BullMQ only carries their ids), the plans that generate
 * them, per-organisation offsets and per-person channel preferences. PostgreSQL 15 features only.
 */
export class Reminders1763790000001 implements MigrationInterface {
  name = 'Reminders1763790000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE reminder (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id),
        recipient_user_id uuid NOT NULL REFERENCES user_account(id),
        -- The client the reminder is about (null for staff-only matters such as an escalation roster).
        client_id uuid REFERENCES client(id),
        kind text NOT NULL CHECK (kind IN ('visit', 'check_in', 'medication', 'curriculum', 'measure', 'follow_up', 'escalation')),
        -- What it is about: a visit, a medication plan, a check-in plan, an alert ... (ids only).
        subject_id uuid NOT NULL,
        -- Which reminder of that subject: '86400' (24 h before a visit), '2026-03-08' (that day's prompt).
        slot text NOT NULL,
        due_at timestamptz NOT NULL,
        -- The instant the reminder is about (the visit's start): a reminder after it is stale.
        subject_at timestamptz,
        critical boolean NOT NULL DEFAULT false,
        channels text[] NOT NULL CHECK (channels <@ ARRAY['in_app', 'email', 'sms']::text[] AND cardinality(channels) > 0),
        -- Bumped by every move: a job carries the version it was made for, so an older job claims nothing.
        version integer NOT NULL DEFAULT 1,
        -- The version a job was last enqueued for (null: none yet). The reconciler enqueues the others.
        enqueued_version integer,
        status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'sending', 'sent', 'failed', 'cancelled', 'skipped')),
        status_reason text CHECK (status_reason IN ('opted_out', 'stale', 'interrupted', 'no_channel', 'cancelled', 'subject_completed', 'delivery_failed')),
        attempts integer NOT NULL DEFAULT 0,
        lease_until timestamptz,
        -- Redacted: no address or phone number is ever stored here.
        last_error text,
        sent_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        UNIQUE (kind, subject_id, recipient_user_id, slot)
      );
      CREATE INDEX reminder_pending_idx ON reminder (due_at) WHERE status IN ('scheduled', 'sending');
      CREATE INDEX reminder_subject_idx ON reminder (subject_id, status);
      CREATE INDEX reminder_recipient_idx ON reminder (recipient_user_id, due_at);

      -- Per-organisation visit reminder offsets, seconds before the visit (default 24 h and 1 h).
      CREATE TABLE reminder_settings (
        organization_id uuid PRIMARY KEY REFERENCES organization(id),
        visit_offsets_seconds integer[] NOT NULL DEFAULT ARRAY[86400, 3600],
        updated_at timestamptz NOT NULL
      );

      -- A client's daily check-in prompt: a local time in the client's zone, planned over a rolling horizon.
      CREATE TABLE check_in_prompt_plan (
        client_id uuid PRIMARY KEY REFERENCES client(id),
        organization_id uuid NOT NULL REFERENCES organization(id),
        local_time text NOT NULL CHECK (local_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        active boolean NOT NULL DEFAULT true,
        -- The last local date rows exist for; the reconciler extends it daily.
        planned_through date,
        updated_at timestamptz NOT NULL
      );

      -- Medication (e.g. a monthly injectable): the cadence, the local time and the advance notices.
      CREATE TABLE medication_plan (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id),
        client_id uuid NOT NULL REFERENCES client(id),
        cadence text NOT NULL CHECK (cadence IN ('daily', 'weekly', 'every_n_weeks', 'monthly')),
        interval_weeks integer CHECK (interval_weeks IS NULL OR interval_weeks BETWEEN 1 AND 52),
        first_date date NOT NULL,
        local_time text NOT NULL CHECK (local_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        advance_days integer[] NOT NULL DEFAULT ARRAY[0],
        active boolean NOT NULL DEFAULT true,
        planned_through date,
        created_by uuid NOT NULL REFERENCES user_account(id),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      );
      CREATE INDEX medication_plan_client_idx ON medication_plan (client_id) WHERE active;

      -- Per person and kind: which channels, or none (opted out).
      CREATE TABLE notification_preference (
        user_id uuid NOT NULL REFERENCES user_account(id),
        kind text NOT NULL,
        channels text[] NOT NULL CHECK (channels <@ ARRAY['in_app', 'email', 'sms']::text[]),
        opted_out boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, kind)
      );

      -- Quiet hours in the person's own zone ('22:00'–'07:00'); non-critical reminders wait for the end.
      CREATE TABLE quiet_hours (
        user_id uuid PRIMARY KEY REFERENCES user_account(id),
        starts text NOT NULL CHECK (starts ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        ends text NOT NULL CHECK (ends ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        updated_at timestamptz NOT NULL
      );

      -- A number the SMS carrier reported as opted out (STOP): no text goes to it, critical or not.
      CREATE TABLE sms_opt_out (
        phone text PRIMARY KEY,
        opted_out_at timestamptz NOT NULL
      );

      -- Who is on call, when (instants; people enter them in their own zone). The supervisor covers gaps.
      CREATE TABLE on_call_shift (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id),
        staff_user_id uuid NOT NULL REFERENCES staff_member(user_id),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        created_by uuid NOT NULL REFERENCES user_account(id),
        created_at timestamptz NOT NULL,
        CHECK (ends_at > starts_at)
      );
      CREATE INDEX on_call_shift_lookup_idx ON on_call_shift (organization_id, starts_at, ends_at);

      -- "If alert A is not acknowledged within N minutes, notify whoever is on call": checked when it fires.
      CREATE TABLE escalation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id),
        alert_id uuid NOT NULL,
        client_id uuid REFERENCES client(id),
        tier integer NOT NULL DEFAULT 1,
        due_at timestamptz NOT NULL,
        version integer NOT NULL DEFAULT 1,
        enqueued_version integer,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'notified', 'acknowledged', 'cancelled')),
        notified_user_ids uuid[],
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        UNIQUE (alert_id, tier)
      );
      CREATE INDEX escalation_pending_idx ON escalation (due_at) WHERE status = 'pending';

      -- The in-app notification of a reminder exists at most once, whatever retries or duplicates do.
      ALTER TABLE notification ADD COLUMN reminder_id uuid REFERENCES reminder(id);
      CREATE UNIQUE INDEX notification_reminder_key ON notification (reminder_id) WHERE reminder_id IS NOT NULL;
      ALTER TABLE outbound_message ADD COLUMN reminder_id uuid REFERENCES reminder(id);
      -- Critical reminders' emails and texts are sent at least once: a send interrupted by a crash is sent again.
      ALTER TABLE outbound_message ADD COLUMN at_least_once boolean NOT NULL DEFAULT false;
      CREATE UNIQUE INDEX outbound_message_reminder_key ON outbound_message (reminder_id, channel) WHERE reminder_id IS NOT NULL;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE outbound_message DROP COLUMN at_least_once, DROP COLUMN reminder_id;
      ALTER TABLE notification DROP COLUMN reminder_id;
      DROP TABLE escalation, on_call_shift, sms_opt_out, quiet_hours, notification_preference, medication_plan, check_in_prompt_plan, reminder_settings, reminder;
    `);
  }
}

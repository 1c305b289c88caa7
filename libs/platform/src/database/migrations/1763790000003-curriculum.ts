import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The year-long curriculum (versioned templates, each client's plan with its modules and activities,
 * pauses) and the schedule of outcome measures (organisation setting, administrations due per client).
 * A template version is immutable once written: an edit inserts the next version.
 */
export class Curriculum1763790000003 implements MigrationInterface {
  name = 'Curriculum1763790000003';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE curriculum_template_version (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id),
        -- The template across its versions; each edit is a new row with the next version number.
        template_id uuid NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        name text NOT NULL,
        -- Which shipped template this came from ('default'), so loading it twice is a no-op.
        source text,
        document jsonb NOT NULL,
        total_weeks integer NOT NULL CHECK (total_weeks BETWEEN 1 AND 52),
        created_by uuid REFERENCES user_account(id),
        created_at timestamptz NOT NULL,
        UNIQUE (template_id, version)
      );
      CREATE UNIQUE INDEX curriculum_template_source_idx ON curriculum_template_version (organization_id, source) WHERE source IS NOT NULL;
      CREATE INDEX curriculum_template_org_idx ON curriculum_template_version (organization_id, template_id, version DESC);
      CREATE FUNCTION curriculum_template_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'curriculum_template_version is immutable: an edit is a new version'; END $$;
      CREATE TRIGGER curriculum_template_version_immutable BEFORE UPDATE OR DELETE ON curriculum_template_version
        FOR EACH ROW EXECUTE FUNCTION curriculum_template_immutable();

      -- A client's plan: one per client, from one template version, counted from their programme start.
      CREATE TABLE curriculum_enrolment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id),
        client_id uuid NOT NULL UNIQUE REFERENCES client(id),
        template_version_id uuid NOT NULL REFERENCES curriculum_template_version(id),
        start_date date NOT NULL,
        -- The local date a pause began (a hospital stay); null while the plan runs.
        paused_on date,
        enrolled_by uuid NOT NULL REFERENCES user_account(id),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      );

      CREATE TABLE curriculum_plan_module (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id),
        client_id uuid NOT NULL REFERENCES client(id),
        enrolment_id uuid NOT NULL REFERENCES curriculum_enrolment(id) ON DELETE CASCADE,
        week integer NOT NULL CHECK (week BETWEEN 1 AND 52),
        -- The client's local date it unlocks (at local midnight); a resume moves the later ones.
        unlock_date date NOT NULL,
        status text NOT NULL DEFAULT 'not_started' CHECK (status IN ('not_started', 'in_progress', 'done', 'skipped')),
        skip_reason text,
        signed_off_by uuid REFERENCES user_account(id),
        signed_off_at timestamptz,
        review_note text,
        updated_at timestamptz NOT NULL,
        UNIQUE (enrolment_id, week),
        CHECK (status <> 'skipped' OR skip_reason IS NOT NULL)
      );
      CREATE INDEX curriculum_plan_module_client_idx ON curriculum_plan_module (client_id, week);

      CREATE TABLE curriculum_plan_activity (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id),
        client_id uuid NOT NULL REFERENCES client(id),
        plan_module_id uuid NOT NULL REFERENCES curriculum_plan_module(id) ON DELETE CASCADE,
        week integer NOT NULL,
        activity_key text NOT NULL,
        status text NOT NULL DEFAULT 'not_started' CHECK (status IN ('not_started', 'in_progress', 'done', 'skipped')),
        skip_reason text,
        -- The client's own writing: client data, never logged.
        reflection text,
        done_at timestamptz,
        updated_at timestamptz NOT NULL,
        UNIQUE (plan_module_id, activity_key),
        CHECK (status <> 'skipped' OR skip_reason IS NOT NULL)
      );
      CREATE INDEX curriculum_plan_activity_client_idx ON curriculum_plan_activity (client_id, week);

      -- When the outcome measures are due: at intake, every N days, at discharge (per organisation).
      CREATE TABLE measure_schedule_setting (
        organization_id uuid PRIMARY KEY REFERENCES organization(id),
        instruments text[] NOT NULL,
        at_intake boolean NOT NULL DEFAULT true,
        interval_days integer NOT NULL DEFAULT 90 CHECK (interval_days BETWEEN 7 AND 365),
        at_discharge boolean NOT NULL DEFAULT true,
        updated_at timestamptz NOT NULL
      );

      -- One administration due: 'intake', 'day-90', 'day-180' ... or 'discharge'.
      CREATE TABLE measure_administration (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id),
        client_id uuid NOT NULL REFERENCES client(id),
        occasion text NOT NULL,
        due_date date NOT NULL,
        instruments text[] NOT NULL,
        completed_at timestamptz,
        created_at timestamptz NOT NULL,
        UNIQUE (client_id, occasion)
      );
      CREATE INDEX measure_administration_open_idx ON measure_administration (organization_id, due_date) WHERE completed_at IS NULL;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE measure_administration; DROP TABLE measure_schedule_setting;
      DROP TABLE curriculum_plan_activity; DROP TABLE curriculum_plan_module; DROP TABLE curriculum_enrolment;
      DROP TABLE curriculum_template_version; DROP FUNCTION curriculum_template_immutable();
    `);
  }
}

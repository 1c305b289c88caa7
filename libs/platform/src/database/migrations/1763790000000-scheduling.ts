import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Visits, recurring series, their history, and staff availability (scheduling issue).
 * Instants are timestamptz; a series keeps its local wall-clock start (`timestamp` without zone) and
 * IANA zone, so every occurrence is computed in that zone and daylight saving never moves it.
 */
export class Scheduling1763790000000 implements MigrationInterface {
  name = 'Scheduling1763790000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE visit_series (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id),
        client_id uuid NOT NULL REFERENCES client(id),
        -- RFC 5545 RRULE without DTSTART; bounded by COUNT or UNTIL (checked before insert).
        rrule text NOT NULL,
        -- DTSTART as a local wall-clock time in time_zone.
        starts_local timestamp NOT NULL,
        time_zone text NOT NULL,
        created_by uuid NOT NULL REFERENCES user_account(id),
        created_at timestamptz NOT NULL
      );
      CREATE INDEX visit_series_client_idx ON visit_series (organization_id, client_id);

      CREATE TABLE visit (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id),
        client_id uuid NOT NULL REFERENCES client(id),
        series_id uuid REFERENCES visit_series(id),
        -- The occurrence's original local start in its series (RFC 5545 RECURRENCE-ID): survives moves.
        occurrence_local timestamp,
        kind text NOT NULL CHECK (kind IN ('in_home', 'video', 'audio_only', 'phone', 'group')),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        time_zone text NOT NULL,
        -- Payers require the reason an audio-only session is not on video.
        audio_only_reason text CHECK (audio_only_reason IN ('client_cannot_use_video', 'client_declines_video')),
        address text,
        travel_before_minutes integer NOT NULL DEFAULT 0 CHECK (travel_before_minutes BETWEEN 0 AND 480),
        travel_after_minutes integer NOT NULL DEFAULT 0 CHECK (travel_after_minutes BETWEEN 0 AND 480),
        -- What the staff attending cannot do anything else in: the visit plus its travel.
        busy_from timestamptz NOT NULL,
        busy_until timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('scheduled', 'confirmed', 'in_progress', 'completed', 'cancelled', 'no_show')),
        cancel_reason text,
        documented_late boolean NOT NULL DEFAULT false,
        version integer NOT NULL DEFAULT 1,
        created_by uuid NOT NULL REFERENCES user_account(id),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK (ends_at > starts_at),
        CHECK (kind <> 'audio_only' OR audio_only_reason IS NOT NULL),
        CHECK (status <> 'cancelled' OR cancel_reason IS NOT NULL),
        CHECK (busy_from <= starts_at AND busy_until >= ends_at)
      );
      CREATE INDEX visit_client_idx ON visit (organization_id, client_id, starts_at);
      CREATE INDEX visit_busy_idx ON visit (organization_id, busy_from);
      CREATE INDEX visit_series_idx ON visit (series_id, occurrence_local) WHERE series_id IS NOT NULL;

      -- Team members attending a visit (the client always attends their own).
      CREATE TABLE visit_attendee (
        visit_id uuid NOT NULL REFERENCES visit(id),
        organization_id uuid NOT NULL REFERENCES organization(id),
        user_id uuid NOT NULL REFERENCES user_account(id),
        PRIMARY KEY (visit_id, user_id)
      );
      CREATE INDEX visit_attendee_user_idx ON visit_attendee (user_id, visit_id);

      -- Every move and status change of a visit, oldest first: rescheduling keeps the history.
      CREATE TABLE visit_history (
        id bigserial PRIMARY KEY,
        visit_id uuid NOT NULL REFERENCES visit(id),
        organization_id uuid NOT NULL REFERENCES organization(id),
        change text NOT NULL CHECK (change IN ('scheduled', 'rescheduled', 'status')),
        from_status text,
        to_status text,
        previous_starts_at timestamptz,
        previous_ends_at timestamptz,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        reason text,
        changed_by uuid NOT NULL REFERENCES user_account(id),
        changed_at timestamptz NOT NULL
      );
      CREATE INDEX visit_history_visit_idx ON visit_history (visit_id, id);

      -- What happened at a visit, one note per attending team member. Signed notes are locked: corrections
      -- are addenda. Counselling notes (42 CFR Part 2 / psychotherapy notes) are readable by their author
      -- and the author's supervisor only (the access policy's counselling-note rule).
      CREATE TABLE visit_note (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id),
        client_id uuid NOT NULL REFERENCES client(id),
        visit_id uuid NOT NULL REFERENCES visit(id),
        author_user_id uuid NOT NULL REFERENCES staff_member(user_id),
        counselling boolean NOT NULL DEFAULT false,
        body text NOT NULL,
        signed_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        UNIQUE (visit_id, author_user_id)
      );
      CREATE INDEX visit_note_client_idx ON visit_note (organization_id, client_id, created_at);

      CREATE TABLE visit_note_addendum (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        note_id uuid NOT NULL REFERENCES visit_note(id),
        organization_id uuid NOT NULL REFERENCES organization(id),
        author_user_id uuid NOT NULL REFERENCES staff_member(user_id),
        body text NOT NULL,
        created_at timestamptz NOT NULL
      );
      CREATE INDEX visit_note_addendum_note_idx ON visit_note_addendum (note_id, created_at);

      -- A signed note's body never changes (defence in depth under the service's own check).
      CREATE FUNCTION refuse_signed_note_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.signed_at IS NOT NULL AND (NEW.body IS DISTINCT FROM OLD.body OR NEW.counselling IS DISTINCT FROM OLD.counselling OR NEW.signed_at IS DISTINCT FROM OLD.signed_at) THEN
          RAISE EXCEPTION 'a signed visit note is locked' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER visit_note_locked BEFORE UPDATE ON visit_note FOR EACH ROW EXECUTE FUNCTION refuse_signed_note_change();
      CREATE TRIGGER visit_note_no_delete BEFORE DELETE ON visit_note FOR EACH ROW EXECUTE FUNCTION refuse_change();
      CREATE TRIGGER visit_note_addendum_append_only BEFORE UPDATE OR DELETE ON visit_note_addendum FOR EACH ROW EXECUTE FUNCTION refuse_change();

      -- A person's calendar feed at a secret URL; only the token's hash is kept. Revoking ends the URL.
      CREATE TABLE calendar_feed (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id),
        user_id uuid NOT NULL REFERENCES user_account(id),
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL,
        revoked_at timestamptz
      );
      CREATE UNIQUE INDEX calendar_feed_live_key ON calendar_feed (user_id) WHERE revoked_at IS NULL;

      -- Working hours per ISO weekday (1 = Monday), as local times in the staff member's own zone.
      CREATE TABLE staff_working_hours (
        organization_id uuid NOT NULL REFERENCES organization(id),
        staff_user_id uuid NOT NULL REFERENCES staff_member(user_id),
        weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
        starts_local time NOT NULL,
        ends_local time NOT NULL,
        CHECK (ends_local > starts_local),
        PRIMARY KEY (staff_user_id, weekday, starts_local)
      );

      -- A visit's meeting room. The room name is random (128 bits, lowercase) and holds no personal data;
      -- a move replaces the row's room, a cancellation revokes it.
      CREATE TABLE visit_link (
        visit_id uuid PRIMARY KEY REFERENCES visit(id),
        organization_id uuid NOT NULL REFERENCES organization(id),
        provider text NOT NULL CHECK (provider IN ('jitsi', 'jaas', 'static')),
        room text NOT NULL,
        created_at timestamptz NOT NULL,
        revoked_at timestamptz
      );

      -- Each participant's short join link /j/<token> (128-bit random, no personal data). The token is
      -- kept so reminders can send the same link again; it only opens the visit's join page.
      CREATE TABLE visit_participant (
        token text PRIMARY KEY,
        visit_id uuid NOT NULL REFERENCES visit(id),
        organization_id uuid NOT NULL REFERENCES organization(id),
        user_id uuid NOT NULL REFERENCES user_account(id),
        moderator boolean NOT NULL,
        created_at timestamptz NOT NULL,
        UNIQUE (visit_id, user_id)
      );

      -- Who pressed Join, when: recorded by the join page's POST only (link scanners GET).
      CREATE TABLE visit_attendance (
        id bigserial PRIMARY KEY,
        visit_id uuid NOT NULL REFERENCES visit(id),
        organization_id uuid NOT NULL REFERENCES organization(id),
        user_id uuid NOT NULL REFERENCES user_account(id),
        joined_at timestamptz NOT NULL
      );
      CREATE INDEX visit_attendance_visit_idx ON visit_attendance (visit_id, joined_at);

      CREATE TABLE staff_day_off (
        organization_id uuid NOT NULL REFERENCES organization(id),
        staff_user_id uuid NOT NULL REFERENCES staff_member(user_id),
        day date NOT NULL,
        PRIMARY KEY (staff_user_id, day)
      );
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE calendar_feed, visit_note_addendum, visit_note, staff_day_off, staff_working_hours, visit_attendance, visit_participant, visit_link, visit_history, visit_attendee, visit, visit_series`);
    await db.query(`DROP FUNCTION refuse_signed_note_change()`);
  }
}

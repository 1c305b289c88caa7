import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organisations, identity, clients and care teams, the append-only audit trail and outbound messages.
 * PostgreSQL 15 features only: the same file runs on the test machines' 15 and on embedded PGlite.
 */
export class Foundation1763780000000 implements MigrationInterface {
  name = 'Foundation1763780000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE organization (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        require_mfa boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE user_account (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id),
        -- The role decides what a person may do; staff roles and 'client' share one column so the access
        -- token can carry it and the policy needs no extra lookup.
        role text NOT NULL CHECK (role IN ('admin', 'supervisor', 'clinician', 'peer_coach', 'case_manager', 'client')),
        email text CHECK (email = lower(email)),
        phone text CHECK (phone ~ '^\\+[1-9][0-9]{6,14}$'),
        password_hash text,
        -- The TOTP seed, AES-256-GCM encrypted (libs/identity/src/crypto/secret-box.ts), never in clear.
        totp_secret text,
        totp_enabled_at timestamptz,
        -- The last TOTP time step accepted: a code works once (RFC 6238 §5.2), even within its 30 s.
        totp_last_step integer,
        time_zone text NOT NULL,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX user_account_email_key ON user_account (email) WHERE email IS NOT NULL;
      CREATE UNIQUE INDEX user_account_phone_key ON user_account (phone) WHERE phone IS NOT NULL;
      CREATE INDEX user_account_organization_idx ON user_account (organization_id);

      CREATE TABLE staff_member (
        user_id uuid PRIMARY KEY REFERENCES user_account(id),
        organization_id uuid NOT NULL REFERENCES organization(id),
        display_name text NOT NULL,
        supervisor_user_id uuid REFERENCES staff_member(user_id),
        status text NOT NULL DEFAULT 'invited' CHECK (status IN ('invited', 'active', 'deactivated')),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX staff_member_organization_idx ON staff_member (organization_id);

      CREATE TABLE client (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id),
        user_id uuid NOT NULL UNIQUE REFERENCES user_account(id),
        preferred_name text NOT NULL,
        connectivity text NOT NULL CHECK (connectivity IN ('broadband', 'mobile_data', 'phone_only')),
        status text NOT NULL DEFAULT 'intake' CHECK (status IN ('intake', 'active', 'aftercare', 'discharged')),
        programme_start_date date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX client_organization_idx ON client (organization_id, created_at, id);

      -- A handoff ends one membership and starts another: rows are history, never rewritten.
      CREATE TABLE care_team_membership (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id),
        client_id uuid NOT NULL REFERENCES client(id),
        staff_user_id uuid NOT NULL REFERENCES staff_member(user_id),
        team_role text NOT NULL CHECK (team_role IN ('clinician', 'peer_coach', 'case_manager')),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz,
        created_by uuid NOT NULL REFERENCES user_account(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at IS NULL OR ends_at > starts_at)
      );
      CREATE INDEX care_team_membership_client_idx ON care_team_membership (client_id, staff_user_id, starts_at);
      CREATE INDEX care_team_membership_staff_idx ON care_team_membership (staff_user_id, client_id);

      CREATE TABLE break_glass_grant (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id),
        client_id uuid NOT NULL REFERENCES client(id),
        staff_user_id uuid NOT NULL REFERENCES staff_member(user_id),
        reason text NOT NULL,
        starts_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (expires_at > starts_at AND expires_at <= starts_at + interval '1 hour')
      );
      CREATE INDEX break_glass_grant_lookup_idx ON break_glass_grant (client_id, staff_user_id, expires_at);

      -- A session is a refresh-token family: reuse of a rotated token revokes the whole session.
      CREATE TABLE auth_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES user_account(id),
        mfa_verified boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text
      );
      CREATE INDEX auth_session_user_idx ON auth_session (user_id);

      CREATE TABLE refresh_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES auth_session(id),
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      );
      CREATE INDEX refresh_token_session_idx ON refresh_token (session_id);

      CREATE TABLE one_time_code (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES user_account(id),
        purpose text NOT NULL CHECK (purpose IN ('sign_in', 'password_reset', 'invitation', 'mfa_challenge')),
        secret_hash text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        consumed_at timestamptz
      );
      CREATE INDEX one_time_code_open_idx ON one_time_code (user_id, purpose) WHERE consumed_at IS NULL;
      CREATE UNIQUE INDEX one_time_code_secret_key ON one_time_code (secret_hash);

      -- In-app notifications carry ids and a kind, never client data.
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id),
        recipient_user_id uuid NOT NULL REFERENCES user_account(id),
        kind text NOT NULL,
        subject_id uuid,
        created_at timestamptz NOT NULL,
        read_at timestamptz
      );
      CREATE INDEX notification_recipient_idx ON notification (recipient_user_id, created_at DESC);

      -- An email or text exists as a row first; the queue job carries only its id.
      CREATE TABLE outbound_message (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id),
        recipient_user_id uuid REFERENCES user_account(id),
        channel text NOT NULL CHECK (channel IN ('email', 'sms')),
        to_address text NOT NULL,
        subject text,
        body text,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL,
        sent_at timestamptz
      );
      CREATE INDEX outbound_message_status_idx ON outbound_message (status, created_at);

      CREATE TABLE audit_event (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        organization_id uuid,
        actor_user_id uuid,
        actor_role text,
        action text NOT NULL,
        capability text,
        client_id uuid,
        subject_id uuid,
        outcome text NOT NULL CHECK (outcome IN ('allowed', 'denied', 'not_found')),
        basis text,
        request_id text,
        reason text
      );
      CREATE INDEX audit_event_client_idx ON audit_event (client_id, id);
      CREATE INDEX audit_event_order_idx ON audit_event (at, id);

      -- Each seal commits to every event before its cutoff through a keyed hash chain (HMAC key in config).
      CREATE TABLE audit_seal (
        id bigserial PRIMARY KEY,
        sealed_at timestamptz NOT NULL DEFAULT now(),
        cutoff timestamptz NOT NULL,
        event_count integer NOT NULL,
        last_event_id bigint,
        previous_head text NOT NULL,
        head text NOT NULL
      );

      CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
        FOR EACH ROW EXECUTE FUNCTION refuse_change();
      CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
      CREATE TRIGGER audit_seal_append_only BEFORE UPDATE OR DELETE ON audit_seal
        FOR EACH ROW EXECUTE FUNCTION refuse_change();
      CREATE TRIGGER audit_seal_no_truncate BEFORE TRUNCATE ON audit_seal
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE audit_seal, audit_event, outbound_message, notification, one_time_code, refresh_token,
        auth_session, break_glass_grant, care_team_membership, client, staff_member, user_account, organization;
      DROP FUNCTION refuse_change();
    `);
  }
}

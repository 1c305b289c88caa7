import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 42 CFR Part 2 (2024 rule): supporters, consents with the §2.31 elements and the exact text signed,
 * disclosures and their accounting (§2.25, §2.32 notice, §2.51 medical emergencies), family-session
 * invitations, and service-provider agreements per integration (libs/consent).
 */
export class Consent1763790000004 implements MigrationInterface {
  name = 'Consent1763790000004';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      -- Supporters (family, friends a consent names) are a role of their own: not staff, not a client.
      ALTER TABLE user_account DROP CONSTRAINT user_account_role_check;
      ALTER TABLE user_account ADD CONSTRAINT user_account_role_check
        CHECK (role IN ('admin', 'supervisor', 'clinician', 'peer_coach', 'case_manager', 'client', 'supporter'));
      -- A phone identifies one person per kind of account: a client who is also someone's supporter has two
      -- accounts (two roles) on the same phone; sign-in says which (as: 'supporter').
      DROP INDEX user_account_phone_key;
      CREATE UNIQUE INDEX user_account_phone_key ON user_account (phone, (role = 'supporter')) WHERE phone IS NOT NULL;

      -- The person behind a supporter account: the name and phone a consent named (the phone is proven by
      -- the sign-in code). Their first name is all a meeting shows.
      CREATE TABLE supporter (
        user_id uuid PRIMARY KEY REFERENCES user_account(id),
        organization_id uuid NOT NULL REFERENCES organization(id),
        display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
        created_at timestamptz NOT NULL
      );

      -- A signed consent (§2.31). The elements are columns; signed_text is the exact wording the client signed
      -- (a versioned template rendered with them), kept unchanged for the download. Revocation ends it.
      CREATE TABLE consent (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id),
        client_id uuid NOT NULL REFERENCES client(id),
        kind text NOT NULL CHECK (kind IN ('general', 'tpo', 'counselling_notes')),
        discloser text NOT NULL,
        scopes text[] NOT NULL CHECK (cardinality(scopes) > 0),
        recipient_kind text NOT NULL CHECK (recipient_kind IN ('supporter', 'provider', 'class')),
        recipient_name text NOT NULL,
        recipient_phone text,
        supporter_user_id uuid REFERENCES user_account(id),
        purpose text NOT NULL,
        revocation_instructions text NOT NULL,
        -- A single consent for treatment, payment and health care operations also says what happens if the
        -- client does not sign (§2.31(a)(4)(i)); its redisclosure statement is part of the template.
        refusal_consequences text,
        expires_at timestamptz,
        expiry_event text CHECK (expiry_event IN ('end_of_treatment')),
        signed_at timestamptz NOT NULL,
        signature_method text NOT NULL CHECK (signature_method IN ('electronic', 'wet_ink', 'verbal_witnessed')),
        signed_name text NOT NULL,
        template_version text NOT NULL,
        signed_text text NOT NULL,
        created_by uuid NOT NULL REFERENCES user_account(id),
        created_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_by uuid REFERENCES user_account(id),
        revocation_text text,
        CHECK (expires_at IS NOT NULL OR expiry_event IS NOT NULL),
        CHECK (kind <> 'tpo' OR refusal_consequences IS NOT NULL),
        CHECK (recipient_kind <> 'supporter' OR supporter_user_id IS NOT NULL),
        -- Counselling notes are consented to alone, never with other kinds of information.
        CHECK ((kind = 'counselling_notes') = ('counselling-notes' = ANY(scopes))),
        CHECK (kind <> 'counselling_notes' OR cardinality(scopes) = 1),
        CHECK ((revoked_at IS NULL) = (revocation_text IS NULL))
      );
      CREATE INDEX consent_client_idx ON consent (organization_id, client_id, signed_at);
      CREATE INDEX consent_supporter_idx ON consent (supporter_user_id, client_id) WHERE supporter_user_id IS NOT NULL;
      -- What was signed never changes: only the revocation columns may be set, once.
      CREATE FUNCTION refuse_signed_consent_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.signed_text IS DISTINCT FROM OLD.signed_text OR NEW.scopes IS DISTINCT FROM OLD.scopes
           OR NEW.recipient_name IS DISTINCT FROM OLD.recipient_name OR NEW.purpose IS DISTINCT FROM OLD.purpose
           OR NEW.expires_at IS DISTINCT FROM OLD.expires_at OR NEW.signed_at IS DISTINCT FROM OLD.signed_at
           OR (OLD.revoked_at IS NOT NULL AND NEW.revoked_at IS DISTINCT FROM OLD.revoked_at) THEN
          RAISE EXCEPTION 'a signed consent is locked' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER consent_locked BEFORE UPDATE ON consent FOR EACH ROW EXECUTE FUNCTION refuse_signed_consent_change();
      CREATE TRIGGER consent_no_delete BEFORE DELETE ON consent FOR EACH ROW EXECUTE FUNCTION refuse_change();

      -- Every disclosure, the accounting's source (§2.25): when, to whom, what, why, under which consent or
      -- emergency, with the §2.32 notice that went with it. Append-only; kept at least three years.
      CREATE TABLE disclosure (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id),
        client_id uuid NOT NULL REFERENCES client(id),
        basis text NOT NULL CHECK (basis IN ('consent', 'medical_emergency')),
        consent_id uuid REFERENCES consent(id),
        recipient text NOT NULL,
        recipient_user_id uuid REFERENCES user_account(id),
        purpose text NOT NULL,
        description text NOT NULL,
        scopes text[] NOT NULL,
        disclosed_by uuid NOT NULL REFERENCES user_account(id),
        disclosed_at timestamptz NOT NULL,
        notice text NOT NULL,
        consent_statement text NOT NULL,
        -- §2.51: the nature of the emergency and who at the programme made the disclosure (disclosed_by).
        emergency_reason text,
        CHECK ((basis = 'consent') = (consent_id IS NOT NULL)),
        CHECK (basis <> 'medical_emergency' OR emergency_reason IS NOT NULL)
      );
      CREATE INDEX disclosure_client_idx ON disclosure (organization_id, client_id, disclosed_at);
      CREATE TRIGGER disclosure_append_only BEFORE UPDATE OR DELETE ON disclosure FOR EACH ROW EXECUTE FUNCTION refuse_change();

      -- A supporter invited to a visit (a family session) under a consent with sessions:family.
      CREATE TABLE family_invitation (
        visit_id uuid NOT NULL REFERENCES visit(id),
        supporter_user_id uuid NOT NULL REFERENCES user_account(id),
        organization_id uuid NOT NULL REFERENCES organization(id),
        consent_id uuid NOT NULL REFERENCES consent(id),
        invited_by uuid NOT NULL REFERENCES user_account(id),
        invited_at timestamptz NOT NULL,
        PRIMARY KEY (visit_id, supporter_user_id)
      );
      CREATE INDEX family_invitation_supporter_idx ON family_invitation (supporter_user_id, visit_id);

      -- Vendors that process client data for the programme (SMS, email, video, hosting) do so under a
      -- service-provider agreement (a qualified service organisation / business associate agreement), not
      -- under client consent: one row per integration and vendor.
      CREATE TABLE service_provider_agreement (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id),
        integration text NOT NULL CHECK (integration IN ('sms', 'email', 'video', 'hosting')),
        vendor text NOT NULL,
        agreement_kind text NOT NULL CHECK (agreement_kind IN ('qsoa', 'baa', 'qsoa_baa')),
        effective_on date NOT NULL,
        expires_on date,
        reference text,
        recorded_by uuid NOT NULL REFERENCES user_account(id),
        recorded_at timestamptz NOT NULL,
        ended_at timestamptz,
        CHECK (expires_on IS NULL OR expires_on > effective_on)
      );
      CREATE UNIQUE INDEX service_provider_agreement_live_key ON service_provider_agreement (organization_id, integration, vendor) WHERE ended_at IS NULL;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE service_provider_agreement, family_invitation, disclosure, consent, supporter`);
    await db.query(`DROP FUNCTION refuse_signed_consent_change()`);
    await db.query(`DROP INDEX user_account_phone_key; CREATE UNIQUE INDEX user_account_phone_key ON user_account (phone) WHERE phone IS NOT NULL`);
    await db.query(`ALTER TABLE user_account DROP CONSTRAINT user_account_role_check;
      ALTER TABLE user_account ADD CONSTRAINT user_account_role_check CHECK (role IN ('admin', 'supervisor', 'clinician', 'peer_coach', 'case_manager', 'client'))`);
  }
}

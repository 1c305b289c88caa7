import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The client's recovery network (issue 7, parts 1, 2 and 5):
 * - the social map (`social_person`, current state) and its history (`social_person_change`, one row per
 *   change with the full state after it, so "the label at the time of a contact" is a lookup);
 * - the contact log;
 * - the relapse-prevention plan: immutable versions, and proposals from the team on a base version;
 * - community resources after Open Referral HSDS 3.0, one table per HSDS table, keyed by the programme
 *   (`programme_id`, an Attune organisation) and the HSDS id. HSDS ids are the publisher's strings, so an
 *   import of the same package updates the same rows. No foreign keys between HSDS tables: the importer
 *   checks references across the whole package before writing anything.
 */
export class Network1763790000005 implements MigrationInterface {
  name = 'Network1763790000005';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE social_person (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id),
        client_id uuid NOT NULL REFERENCES client(id),
        name text NOT NULL,
        relationship text,
        label text NOT NULL CHECK (label IN ('supportive', 'neutral', 'risky')),
        in_recovery boolean NOT NULL DEFAULT false,
        phone text,
        phone_from_client boolean NOT NULL DEFAULT false,
        email text,
        removed_at timestamptz,
        version integer NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      );
      CREATE INDEX social_person_client_idx ON social_person (client_id);

      CREATE TABLE social_person_change (
        id bigserial PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organization(id),
        client_id uuid NOT NULL REFERENCES client(id),
        person_id uuid NOT NULL REFERENCES social_person(id),
        version integer NOT NULL,
        changed_fields text[] NOT NULL,
        name text NOT NULL,
        relationship text,
        label text NOT NULL,
        in_recovery boolean NOT NULL,
        phone text,
        email text,
        removed boolean NOT NULL,
        changed_by uuid NOT NULL REFERENCES user_account(id),
        changed_by_role text NOT NULL,
        changed_at timestamptz NOT NULL,
        UNIQUE (person_id, version)
      );
      CREATE INDEX social_person_change_client_idx ON social_person_change (client_id, changed_at);

      CREATE TABLE contact_log_entry (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id),
        client_id uuid NOT NULL REFERENCES client(id),
        person_id uuid NOT NULL REFERENCES social_person(id),
        at timestamptz NOT NULL,
        how text NOT NULL CHECK (how IN ('call', 'text', 'in_person', 'video', 'meeting')),
        helped boolean,
        source text NOT NULL CHECK (source IN ('client', 'staff', 'checkin')),
        recorded_by uuid REFERENCES user_account(id),
        recorded_at timestamptz NOT NULL
      );
      CREATE INDEX contact_log_entry_client_idx ON contact_log_entry (client_id, at);

      CREATE TABLE relapse_plan_version (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id),
        client_id uuid NOT NULL REFERENCES client(id),
        version integer NOT NULL CHECK (version > 0),
        content jsonb NOT NULL,
        changed_fields text[] NOT NULL,
        changed_by uuid NOT NULL REFERENCES user_account(id),
        changed_by_role text NOT NULL,
        changed_at timestamptz NOT NULL,
        proposal_id uuid,
        UNIQUE (client_id, version)
      );

      CREATE TABLE relapse_plan_proposal (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id),
        client_id uuid NOT NULL REFERENCES client(id),
        base_version integer NOT NULL CHECK (base_version >= 0),
        content jsonb NOT NULL,
        note text,
        status text NOT NULL CHECK (status IN ('pending', 'accepted', 'declined')),
        proposed_by uuid NOT NULL REFERENCES user_account(id),
        proposed_at timestamptz NOT NULL,
        decided_by uuid REFERENCES user_account(id),
        decided_at timestamptz,
        resulting_version integer
      );
      CREATE INDEX relapse_plan_proposal_client_idx ON relapse_plan_proposal (client_id, proposed_at);

      CREATE TABLE hsds_organization (
        programme_id uuid NOT NULL REFERENCES organization(id),
        id text NOT NULL,
        name text NOT NULL,
        alternate_name text,
        description text NOT NULL,
        email text,
        website text,
        year_incorporated numeric,
        legal_status text,
        uri text,
        parent_organization_id text,
        PRIMARY KEY (programme_id, id)
      );
      CREATE TABLE hsds_service (
        programme_id uuid NOT NULL REFERENCES organization(id),
        id text NOT NULL,
        organization_id text NOT NULL,
        name text NOT NULL,
        alternate_name text,
        description text,
        url text,
        email text,
        status text NOT NULL,
        interpretation_services text,
        application_process text,
        fees_description text,
        eligibility_description text,
        minimum_age numeric,
        maximum_age numeric,
        assured_date text,
        alert text,
        last_modified text,
        PRIMARY KEY (programme_id, id)
      );
      CREATE TABLE hsds_location (
        programme_id uuid NOT NULL REFERENCES organization(id),
        id text NOT NULL,
        location_type text NOT NULL,
        url text,
        organization_id text,
        name text,
        alternate_name text,
        description text,
        transportation text,
        latitude numeric,
        longitude numeric,
        external_identifier text,
        external_identifier_type text,
        PRIMARY KEY (programme_id, id)
      );
      CREATE TABLE hsds_service_at_location (
        programme_id uuid NOT NULL REFERENCES organization(id),
        id text NOT NULL,
        service_id text NOT NULL,
        location_id text NOT NULL,
        description text,
        PRIMARY KEY (programme_id, id)
      );
      CREATE TABLE hsds_address (
        programme_id uuid NOT NULL REFERENCES organization(id),
        id text NOT NULL,
        location_id text NOT NULL,
        attention text,
        address_1 text NOT NULL,
        address_2 text,
        city text NOT NULL,
        region text,
        state_province text NOT NULL,
        postal_code text NOT NULL,
        country text NOT NULL,
        address_type text NOT NULL,
        PRIMARY KEY (programme_id, id)
      );
      CREATE TABLE hsds_phone (
        programme_id uuid NOT NULL REFERENCES organization(id),
        id text NOT NULL,
        location_id text,
        service_id text,
        organization_id text,
        service_at_location_id text,
        number text NOT NULL,
        extension numeric,
        type text,
        description text,
        PRIMARY KEY (programme_id, id)
      );
      CREATE TABLE hsds_schedule (
        programme_id uuid NOT NULL REFERENCES organization(id),
        id text NOT NULL,
        service_id text,
        location_id text,
        service_at_location_id text,
        valid_from text,
        valid_to text,
        dtstart text,
        timezone text,
        until text,
        count numeric,
        wkst text,
        freq text,
        interval numeric,
        byday text,
        byweekno text,
        bymonthday text,
        byyearday text,
        description text,
        opens_at text,
        closes_at text,
        schedule_link text,
        attending_type text,
        notes text,
        PRIMARY KEY (programme_id, id)
      );
      CREATE TABLE hsds_taxonomy_term (
        programme_id uuid NOT NULL REFERENCES organization(id),
        id text NOT NULL,
        code text,
        name text NOT NULL,
        description text NOT NULL,
        parent_id text,
        taxonomy text,
        language text,
        taxonomy_id text,
        term_uri text,
        PRIMARY KEY (programme_id, id)
      );
      CREATE TABLE hsds_attribute (
        programme_id uuid NOT NULL REFERENCES organization(id),
        id text NOT NULL,
        link_id text NOT NULL,
        taxonomy_term_id text NOT NULL,
        link_type text,
        link_entity text NOT NULL,
        value text,
        label text,
        PRIMARY KEY (programme_id, id)
      );
      CREATE INDEX hsds_attribute_link_idx ON hsds_attribute (programme_id, link_entity, link_id);
      CREATE TABLE hsds_service_area (
        programme_id uuid NOT NULL REFERENCES organization(id),
        id text NOT NULL,
        service_id text,
        service_at_location_id text,
        name text,
        description text,
        extent text,
        extent_type text,
        uri text,
        PRIMARY KEY (programme_id, id)
      );
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE hsds_service_area, hsds_attribute, hsds_taxonomy_term, hsds_schedule, hsds_phone, hsds_address,
        hsds_service_at_location, hsds_location, hsds_service, hsds_organization;
      DROP TABLE relapse_plan_proposal, relapse_plan_version, contact_log_entry, social_person_change, social_person;
    `);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Referrals to community resources (issue 7 part 6): the referral and its status history. Nothing is deleted. */
export class Referrals1763790000009 implements MigrationInterface {
  name = 'Referrals1763790000009';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE referral (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id),
        client_id uuid NOT NULL REFERENCES client(id),
        service_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('staff', 'self')),
        status text NOT NULL CHECK (status IN ('suggested', 'sent', 'accepted', 'connected', 'closed')),
        outcome text CHECK (outcome IN ('connected_and_helped', 'declined_by_client', 'not_eligible', 'no_response', 'other')),
        note text,
        sent_via text CHECK (sent_via IN ('email', 'letter', 'self')),
        disclosure_id uuid REFERENCES disclosure(id),
        follow_up_at timestamptz,
        created_by uuid NOT NULL REFERENCES user_account(id),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        FOREIGN KEY (organization_id, service_id) REFERENCES hsds_service(programme_id, id),
        CHECK ((status = 'closed') = (outcome IS NOT NULL))
      );
      CREATE INDEX referral_client_idx ON referral (client_id, created_at);
      CREATE INDEX referral_follow_up_idx ON referral (organization_id, follow_up_at) WHERE status <> 'closed';

      CREATE TABLE referral_event (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- The order changes were made in (several may share an instant).
        seq bigint GENERATED ALWAYS AS IDENTITY,
        referral_id uuid NOT NULL REFERENCES referral(id),
        status text NOT NULL,
        outcome text,
        note text,
        changed_by uuid NOT NULL REFERENCES user_account(id),
        changed_at timestamptz NOT NULL
      );
      CREATE INDEX referral_event_referral_idx ON referral_event (referral_id, changed_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE referral_event, referral`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outcome measures: one row per administration of an instrument (ECR-R, RFQ-8, SPS, PHQ-9, GAD-7, BAM),
 * the answers as submitted and the scores as computed when it was submitted. Rows are never edited.
 */
export class Measures1763790000002 implements MigrationInterface {
  name = 'Measures1763790000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE measure_response (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id),
        client_id uuid NOT NULL REFERENCES client(id),
        instrument text NOT NULL CHECK (instrument IN ('ECR-R', 'RFQ-8', 'SPS', 'PHQ-9', 'GAD-7', 'BAM')),
        answers jsonb NOT NULL,
        scores jsonb NOT NULL,
        submitted_by uuid NOT NULL REFERENCES user_account(id),
        submitted_at timestamptz NOT NULL
      );
      CREATE INDEX measure_response_client_idx ON measure_response (client_id, instrument, submitted_at DESC);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE measure_response`);
  }
}

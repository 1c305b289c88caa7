import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Visit invitations: an email may carry an iCalendar part (METHOD:REQUEST or CANCEL), and each
 * organisation decides whether calendars show an in-home visit's address (off unless it opts in).
 */
export class Invitations1763790000008 implements MigrationInterface {
  name = 'Invitations1763790000008';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE outbound_message
        ADD COLUMN calendar_method text CHECK (calendar_method IN ('REQUEST', 'CANCEL')),
        ADD COLUMN calendar_ics text,
        ADD CONSTRAINT outbound_message_calendar_email CHECK (calendar_ics IS NULL OR (channel = 'email' AND calendar_method IS NOT NULL));
      ALTER TABLE organization ADD COLUMN calendar_locations boolean NOT NULL DEFAULT false;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE organization DROP COLUMN calendar_locations;
      ALTER TABLE outbound_message DROP CONSTRAINT outbound_message_calendar_email, DROP COLUMN calendar_ics, DROP COLUMN calendar_method;
    `);
  }
}

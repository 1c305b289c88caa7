import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Messaging: threads (about a client, or between two staff), messages (idempotent per sender by the
 * client's own message id) and one delivery row per recipient. The delivery's `cursor` is the recipient's
 * replay position: a recipient's rows are inserted under a per-recipient lock held to commit, so cursor
 * order is commit order and "everything after N" never skips a row committed later.
 */
export class Messaging1763790000006 implements MigrationInterface {
  name = 'Messaging1763790000006';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE message_thread (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id),
        kind text NOT NULL CHECK (kind IN ('client_team', 'client_member', 'team_only', 'staff_direct')),
        client_id uuid REFERENCES client(id),
        member_user_ids uuid[] NOT NULL DEFAULT '{}',
        dedup_key text NOT NULL UNIQUE,
        created_by uuid NOT NULL REFERENCES user_account(id),
        created_at timestamptz NOT NULL,
        CHECK ((kind = 'staff_direct') = (client_id IS NULL))
      );
      CREATE INDEX message_thread_client_idx ON message_thread (organization_id, client_id);

      CREATE TABLE message (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id),
        thread_id uuid NOT NULL REFERENCES message_thread(id),
        sender_user_id uuid NOT NULL REFERENCES user_account(id),
        client_message_id text NOT NULL,
        body text NOT NULL,
        sent_at timestamptz NOT NULL,
        seq bigserial NOT NULL,
        UNIQUE (sender_user_id, client_message_id)
      );
      CREATE INDEX message_thread_seq_idx ON message (thread_id, seq);

      CREATE TABLE message_delivery (
        cursor bigserial PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES user_account(id),
        message_id uuid NOT NULL REFERENCES message(id),
        thread_id uuid NOT NULL REFERENCES message_thread(id),
        delivered_at timestamptz,
        read_at timestamptz,
        UNIQUE (message_id, user_id)
      );
      CREATE INDEX message_delivery_feed_idx ON message_delivery (user_id, cursor);
      CREATE INDEX message_delivery_unread_idx ON message_delivery (user_id, thread_id) WHERE read_at IS NULL;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE message_delivery; DROP TABLE message; DROP TABLE message_thread`);
  }
}

import type { DataSource } from 'typeorm';
import { randomUUID } from 'node:crypto';

/** A calm check-in: no rule fires. Override what the test is about. */
export const calmCheckIn = (overrides: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  mood: 4,
  craving: 2,
  used: false,
  medication: 'yes',
  sleepHours: 7.5,
  connection: 6,
  safetyConcern: false,
  ...overrides,
});

/** The factories start memberships a day before the real now; a test whose clock is earlier moves them back. */
export async function teamSince(db: DataSource, clientId: string, since = '2026-01-01T00:00:00Z'): Promise<void> {
  await db.query(`UPDATE care_team_membership SET starts_at = $2 WHERE client_id = $1`, [clientId, since]);
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@attune/platform';

/** 24 hours and 1 hour before a visit, unless the organisation chose otherwise. */
export const DEFAULT_VISIT_OFFSETS_SECONDS = [86_400, 3_600];

/** An organisation's reminder settings. */
@Injectable()
export class ReminderSettings {
  constructor(private readonly clock: Clock) {}

  async visitOffsets(tx: EntityManager, organizationId: string): Promise<number[]> {
    const rows: { visit_offsets_seconds: number[] }[] = await tx.query(
      `SELECT visit_offsets_seconds FROM reminder_settings WHERE organization_id = $1`,
      [organizationId],
    );
    return rows[0]?.visit_offsets_seconds ?? DEFAULT_VISIT_OFFSETS_SECONDS;
  }

  /** Applies to visits planned or moved from now on; reminders already planned keep their times. */
  async setVisitOffsets(tx: EntityManager, organizationId: string, offsetsSeconds: number[]): Promise<number[]> {
    const offsets = [...new Set(offsetsSeconds)].sort((a, b) => b - a);
    await tx.query(
      `INSERT INTO reminder_settings (organization_id, visit_offsets_seconds, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (organization_id) DO UPDATE SET visit_offsets_seconds = EXCLUDED.visit_offsets_seconds, updated_at = EXCLUDED.updated_at`,
      [organizationId, offsets, this.clock.now()],
    );
    return offsets;
  }
}

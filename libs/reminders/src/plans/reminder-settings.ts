import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@attune/platform';

/** 24 hours and 1 hour before a visit, unless the organisation chose otherwise. */
export const DEFAULT_VISIT_OFFSETS_SECONDS = [86_400, 3_600];

/** The organisation's visit offsets as an SQL expression (null: the defaults), for a statement that reads more besides. */
export const visitOffsetsSql = (organizationParam: string) =>
  `(SELECT visit_offsets_seconds FROM reminder_settings WHERE organization_id = ${organizationParam})`;

/** An organisation's reminder settings. */
@Injectable()
export class ReminderSettings {
  constructor(private readonly clock: Clock) {}

  async visitOffsets(tx: EntityManager, organizationId: string): Promise<number[]> {
    const [row]: { offsets: number[] | null }[] = await tx.query(`SELECT ${visitOffsetsSql('$1')} AS offsets`, [organizationId]);
    return row.offsets ?? DEFAULT_VISIT_OFFSETS_SECONDS;
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

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@attune/platform';
import type { KindPreference, QuietHours, ReminderChannel } from './channel-choice.js';

export interface NotificationPreferencesView {
  /** Per reminder kind; a kind not listed uses the channels it was planned with. */
  kinds: ({ kind: string } & KindPreference)[];
  quietHours: QuietHours | null;
}

export interface PreferencesChange {
  kinds?: { kind: string; channels: ReminderChannel[]; optedOut?: boolean }[];
  /** null clears them. */
  quietHours?: QuietHours | null;
}

/** A person's own choices: channels per kind, opt-outs and quiet hours (in their zone). */
@Injectable()
export class NotificationPreferences {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async get(userId: string): Promise<NotificationPreferencesView> {
    const kinds: { kind: string; channels: ReminderChannel[]; opted_out: boolean }[] = await this.db.query(
      `SELECT kind, channels, opted_out FROM notification_preference WHERE user_id = $1 ORDER BY kind`,
      [userId],
    );
    const quiet: QuietHours[] = await this.db.query(`SELECT starts, ends FROM quiet_hours WHERE user_id = $1`, [userId]);
    return { kinds: kinds.map((k) => ({ kind: k.kind, channels: k.channels, optedOut: k.opted_out })), quietHours: quiet[0] ?? null };
  }

  async set(userId: string, change: PreferencesChange): Promise<NotificationPreferencesView> {
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      for (const kind of change.kinds ?? []) {
        await tx.query(
          `INSERT INTO notification_preference (user_id, kind, channels, opted_out, updated_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (user_id, kind) DO UPDATE SET channels = EXCLUDED.channels, opted_out = EXCLUDED.opted_out, updated_at = EXCLUDED.updated_at`,
          [userId, kind.kind, [...new Set(kind.channels)], kind.optedOut ?? false, now],
        );
      }
      if (change.quietHours === null) await tx.query(`DELETE FROM quiet_hours WHERE user_id = $1`, [userId]);
      else if (change.quietHours) {
        await tx.query(
          `INSERT INTO quiet_hours (user_id, starts, ends, updated_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (user_id) DO UPDATE SET starts = EXCLUDED.starts, ends = EXCLUDED.ends, updated_at = EXCLUDED.updated_at`,
          [userId, change.quietHours.starts, change.quietHours.ends, now],
        );
      }
    });
    return this.get(userId);
  }

  /** The SMS provider reported STOP for this number: no text goes to it again until it opts back in. */
  async recordCarrierOptOut(phone: string): Promise<void> {
    await this.db.query(`INSERT INTO sms_opt_out (phone, opted_out_at) VALUES ($1, $2) ON CONFLICT (phone) DO NOTHING`, [phone, this.clock.now()]);
  }
}

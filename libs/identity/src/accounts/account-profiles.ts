import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Problem } from '@attune/platform';
import type { Actor, Role } from '../roles.js';

/** What a signed-in person may see about their own account. */
export interface AccountProfile {
  id: string;
  role: Role;
  organizationId: string;
  email: string | null;
  phone: string | null;
  timeZone: string;
  mfaEnabled: boolean;
}

@Injectable()
export class AccountProfiles {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async mine(actor: Actor): Promise<AccountProfile> {
    const rows: {
      id: string;
      role: Role;
      organization_id: string;
      email: string | null;
      phone: string | null;
      time_zone: string;
      mfa_enabled: boolean;
    }[] = await this.db.query(
      `SELECT id, role, organization_id, email, phone, time_zone, totp_enabled_at IS NOT NULL AS mfa_enabled
           FROM user_account WHERE id = $1 AND organization_id = $2`,
      [actor.userId, actor.organizationId],
    );
    const row = rows[0];
    if (!row) throw Problem.unauthorized();
    return {
      id: row.id,
      role: row.role,
      organizationId: row.organization_id,
      email: row.email,
      phone: row.phone,
      timeZone: row.time_zone,
      mfaEnabled: row.mfa_enabled,
    };
  }
}

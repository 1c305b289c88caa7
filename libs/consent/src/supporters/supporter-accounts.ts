import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Problem } from '@attune/platform';

/**
 * The supporter account a consent names: one per phone (role `supporter`), apart from any client or staff
 * account the same person holds. It signs in with a code texted to that phone (`as: 'supporter'`), which
 * is what verifies the phone; it has no password and reads nothing without an active consent.
 */
@Injectable()
export class SupporterAccounts {
  async findOrCreate(tx: EntityManager, organizationId: string, name: string, phone: string, timeZone: string, now: Date): Promise<string> {
    const existing: { id: string; organization_id: string }[] = await tx.query(
      `SELECT id, organization_id FROM user_account WHERE phone = $1 AND role = 'supporter' FOR UPDATE`,
      [phone],
    );
    if (existing[0]) {
      // Accounts belong to one programme; a supporter of clients in two programmes is not supported yet.
      if (existing[0].organization_id !== organizationId) throw Problem.conflict('recipient.phone', 'is already a supporter account elsewhere');
      return existing[0].id;
    }
    const [account]: { id: string }[] = await tx.query(
      `INSERT INTO user_account (organization_id, role, phone, time_zone, created_at) VALUES ($1, 'supporter', $2, $3, $4) RETURNING id`,
      [organizationId, phone, timeZone, now],
    );
    await tx.query(`INSERT INTO supporter (user_id, organization_id, display_name, created_at) VALUES ($1, $2, $3, $4)`, [account.id, organizationId, name, now]);
    return account.id;
  }
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PhoneRole, Role } from '../roles.js';

/** What sign-in needs to know about an account, gathered in one query. */
export interface SignInAccount {
  id: string;
  organizationId: string;
  role: Role;
  email: string | null;
  phone: string | null;
  passwordHash: string | null;
  /** Sealed TOTP seed: enabled when totpEnabledAt is set, pending enrolment otherwise. */
  totpSecret: string | null;
  totpEnabledAt: Date | null;
  totpLastStep: number | null;
  disabled: boolean;
  /** 'invited' | 'active' | 'deactivated' for staff, null for clients. */
  staffStatus: string | null;
  /** Not disabled, and for staff: active (an invited member has no password yet, a deactivated one has left). */
  canSignIn: boolean;
  organizationRequiresMfa: boolean;
}

interface Row {
  id: string;
  organization_id: string;
  role: Role;
  email: string | null;
  phone: string | null;
  password_hash: string | null;
  totp_secret: string | null;
  totp_enabled_at: Date | null;
  totp_last_step: number | null;
  staff_status: string | null;
  disabled: boolean;
  can_sign_in: boolean;
  require_mfa: boolean;
}

const SELECT = `
  SELECT u.id, u.organization_id, u.role, u.email, u.phone, u.password_hash, u.totp_secret, u.totp_enabled_at,
         u.totp_last_step, s.status AS staff_status, o.require_mfa, u.disabled_at IS NOT NULL AS disabled,
         COALESCE(u.disabled_at IS NULL AND (u.role IN ('client', 'supporter') OR s.status = 'active'), false) AS can_sign_in
    FROM user_account u
    JOIN organization o ON o.id = u.organization_id
    LEFT JOIN staff_member s ON s.user_id = u.id`;

/**
 * Looks accounts up by what a person types at sign-in. These queries span organisations on purpose: an
 * email or phone identifies one person across Attune (unique indexes), and sign-in happens before anyone
 * knows the organisation. Everything after sign-in is scoped by the token's organisation.
 */
@Injectable()
export class SignInAccounts {
  async byEmail(db: EntityManager, email: string): Promise<SignInAccount | null> {
    return this.one(db, `${SELECT} WHERE u.email = $1`, [email]);
  }

  /** Phone sign-in is for clients only: staff accounts always go through password (and MFA). */
  async clientByPhone(db: EntityManager, phone: string): Promise<SignInAccount | null> {
    return this.byPhone(db, phone, 'client');
  }

  /** Clients and supporters sign in by phone; one phone may hold one account of each (two people-roles). */
  async byPhone(db: EntityManager, phone: string, role: PhoneRole): Promise<SignInAccount | null> {
    return this.one(db, `${SELECT} WHERE u.phone = $1 AND u.role = $2`, [phone, role]);
  }

  async byId(db: EntityManager, id: string): Promise<SignInAccount | null> {
    return this.one(db, `${SELECT} WHERE u.id = $1`, [id]);
  }

  private async one(db: EntityManager, sql: string, params: unknown[]): Promise<SignInAccount | null> {
    const rows: Row[] = await db.query(sql, params);
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      organizationId: row.organization_id,
      role: row.role,
      email: row.email,
      phone: row.phone,
      passwordHash: row.password_hash,
      totpSecret: row.totp_secret,
      totpEnabledAt: row.totp_enabled_at,
      totpLastStep: row.totp_last_step,
      disabled: row.disabled,
      staffStatus: row.staff_status,
      canSignIn: row.can_sign_in,
      organizationRequiresMfa: row.require_mfa,
    };
  }
}

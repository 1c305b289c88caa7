import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { RequestContext } from '@attune/platform';
import type { Role } from '../roles.js';

export type SecurityAction =
  | 'auth.sign_in'
  | 'auth.mfa_challenge'
  | 'auth.mfa_enrol'
  | 'auth.mfa_enabled'
  | 'auth.sign_out'
  | 'auth.refresh_reuse'
  | 'auth.rate_limited'
  | 'auth.sign_in_code_requested'
  | 'auth.password_reset_requested'
  | 'auth.password_reset'
  | 'auth.invitation_issued'
  | 'auth.invitation_accepted';

/** How a person proved who they are, stored in the event's `basis`. */
export type SignInMethod = 'password' | 'phone_code' | 'totp' | 'invitation' | 'reset_link';

export interface SecurityEvent {
  action: SecurityAction;
  outcome: 'allowed' | 'denied';
  /** The account concerned, when known. Unknown emails and phones are recorded without one. */
  account?: { id: string; organizationId: string; role?: Role } | null;
  method?: SignInMethod;
  /**
   * Who acted, when it is not simply the account: an admin issuing an invitation, or the signed-in owner
   * failing a check. By default an allowed event was done by the account itself, and a denied one by
   * someone unknown (a wrong password is not the account holder's act): the account becomes the subject.
   */
  actor?: { userId: string; role?: Role } | null;
}

/**
 * Security events in the one append-only audit table. Identity writes the row itself rather than through
 * care's AuditTrail because care depends on identity (the other way would be a cycle). Events carry ids,
 * outcomes and methods only: never an email, a phone, a code or a token.
 */
@Injectable()
export class SecurityLog {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(event: SecurityEvent, tx?: EntityManager): Promise<void> {
    const account = event.account ?? null;
    const actor =
      event.actor !== undefined
        ? event.actor
        : event.outcome === 'allowed' && account
          ? { userId: account.id, role: account.role }
          : null;
    const subject = account && actor?.userId !== account.id ? account.id : null;
    await (tx ?? this.db.manager).query(
      `INSERT INTO audit_event (organization_id, actor_user_id, actor_role, action, subject_id, outcome, basis, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        account?.organizationId ?? null,
        actor?.userId ?? null,
        actor?.role ?? null,
        event.action,
        subject,
        event.outcome,
        event.method ?? null,
        RequestContext.requestId(),
      ],
    );
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Invitations, UserAccounts, type Actor, type StaffRole } from '@attune/identity';
import { Outbox } from '@attune/notifications';
import { Clock, Problem } from '@attune/platform';
import { requireText, requireTimeZone } from '../clients/contact-rules.js';
import { StaffMember, type StaffStatus } from '../entities/staff-member.entity.js';
import { AccessPolicy } from '../policy/access-policy.js';

export interface NewStaffMember {
  email: string;
  displayName: string;
  role: StaffRole;
  timeZone: string;
  supervisorUserId?: string;
}

export interface StaffListing {
  userId: string;
  displayName: string;
  email: string | null;
  role: StaffRole;
  timeZone: string;
  status: StaffStatus;
  supervisorUserId: string | null;
  createdAt: Date;
}

export interface StaffFilter {
  role?: StaffRole;
  status?: StaffStatus;
}

interface StaffRow {
  user_id: string;
  display_name: string;
  email: string | null;
  role: StaffRole;
  time_zone: string;
  status: StaffStatus;
  supervisor_user_id: string | null;
  created_at: Date;
}

const SELECT_STAFF = `
  SELECT s.user_id, s.display_name, u.email, u.role, u.time_zone, s.status, s.supervisor_user_id, s.created_at
    FROM staff_member s JOIN user_account u ON u.id = s.user_id AND u.organization_id = s.organization_id`;

/** The organisation's staff: inviting people and listing who works here. */
@Injectable()
export class StaffDirectory {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: AccessPolicy,
    private readonly accounts: UserAccounts,
    private readonly invitations: Invitations,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  /** Account, staff record and invitation email are created together; the email leaves after commit. */
  async invite(actor: Actor, input: NewStaffMember): Promise<StaffListing> {
    await this.policy.requireOrganization(actor, 'staff:manage');
    const displayName = requireText('displayName', input.displayName, 100);
    requireTimeZone('timeZone', input.timeZone);
    const organizationId = actor.organizationId;
    const { staff, messageId } = await this.db.transaction(async (tx) => {
      if (input.supervisorUserId) await requireSupervisor(tx, organizationId, input.supervisorUserId);
      const account = await this.accounts.create(tx, { organizationId, role: input.role, email: input.email, timeZone: input.timeZone });
      await tx.save(
        tx.create(StaffMember, { userId: account.id, organizationId, displayName, supervisorUserId: input.supervisorUserId ?? null, status: 'invited', createdAt: this.clock.now() }),
      );
      // Identity records the invitation (and who sent it) on the audit trail.
      const messageId = await this.invitations.issue(tx, { id: account.id, organizationId, email: account.email! }, { userId: actor.userId, role: actor.role });
      return { staff: (await findStaff(tx, organizationId, account.id))!, messageId };
    });
    await this.outbox.dispatch(messageId);
    return staff;
  }

  async list(actor: Actor, filter: StaffFilter = {}): Promise<StaffListing[]> {
    await this.policy.requireOrganization(actor, 'staff:read');
    const rows: StaffRow[] = await this.db.query(
      `${SELECT_STAFF}
        WHERE s.organization_id = $1 AND ($2::text IS NULL OR u.role = $2) AND ($3::text IS NULL OR s.status = $3)
        ORDER BY s.display_name, s.user_id`,
      [actor.organizationId, filter.role ?? null, filter.status ?? null],
    );
    return rows.map(toListing);
  }
}

async function findStaff(manager: EntityManager, organizationId: string, userId: string): Promise<StaffListing | null> {
  const rows: StaffRow[] = await manager.query(`${SELECT_STAFF} WHERE s.organization_id = $1 AND s.user_id = $2`, [organizationId, userId]);
  return rows[0] ? toListing(rows[0]) : null;
}

/** A supervisor reviews their staff's emergency access: they must be a supervisor of this organisation. */
async function requireSupervisor(tx: EntityManager, organizationId: string, userId: string): Promise<void> {
  const rows: unknown[] = await tx.query(
    `SELECT 1 FROM staff_member s JOIN user_account u ON u.id = s.user_id
      WHERE s.user_id = $1 AND s.organization_id = $2 AND u.role = 'supervisor' AND s.status <> 'deactivated'`,
    [userId, organizationId],
  );
  if (rows.length === 0) throw Problem.invalid('supervisorUserId', 'is not a supervisor of this organisation');
}

function toListing(row: StaffRow): StaffListing {
  return {
    userId: row.user_id,
    displayName: row.display_name,
    email: row.email,
    role: row.role,
    timeZone: row.time_zone,
    status: row.status,
    supervisorUserId: row.supervisor_user_id,
    createdAt: row.created_at,
  };
}

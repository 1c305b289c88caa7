import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isStaff, type Actor } from '@attune/identity';
import { Clock, Problem } from '@attune/platform';
import { AuditTrail } from '../audit/audit-trail.js';
import { Organization } from '../entities/organization.entity.js';
import { AccessPolicy } from '../policy/access-policy.js';

export interface OrganizationView {
  id: string;
  name: string;
  requireMfa: boolean;
  calendarLocations: boolean;
}

export interface OrganizationChanges {
  name?: string;
  requireMfa?: boolean;
  calendarLocations?: boolean;
}

/** The programme's own settings. Every staff member reads them; only an admin changes them. */
@Injectable()
export class OrganizationSettings {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: AccessPolicy,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async view(actor: Actor): Promise<OrganizationView> {
    if (!isStaff(actor)) throw Problem.forbidden('organization: staff only');
    return toView(await this.find(actor.organizationId));
  }

  /**
   * Turning "require MFA" on also ends every staff session that was opened without MFA, so the rule holds
   * from now on and not only at the next sign-in (the admin's own session included, if it had no MFA).
   */
  async change(actor: Actor, changes: OrganizationChanges): Promise<OrganizationView> {
    await this.policy.requireOrganization(actor, 'organization:manage');
    const name = changes.name?.trim();
    if (changes.name !== undefined && !name) throw Problem.invalid('name', 'must not be empty');
    const updated = await this.db.transaction(async (tx) => {
      const before = await tx.findOneByOrFail(Organization, { id: actor.organizationId });
      await tx.update(Organization, { id: actor.organizationId }, {
        ...(name ? { name } : {}),
        ...(changes.requireMfa !== undefined ? { requireMfa: changes.requireMfa } : {}),
        ...(changes.calendarLocations !== undefined ? { calendarLocations: changes.calendarLocations } : {}),
      });
      if (changes.requireMfa === true && !before.requireMfa) {
        await tx.query(
          `UPDATE auth_session s SET revoked_at = $2, revoked_reason = 'mfa_required'
             FROM user_account u
            WHERE u.id = s.user_id AND u.organization_id = $1 AND u.role NOT IN ('client', 'supporter')
              AND s.revoked_at IS NULL AND NOT s.mfa_verified`,
          [actor.organizationId, this.clock.now()],
        );
      }
      await this.audit.record(
        { organizationId: actor.organizationId, actorUserId: actor.userId, actorRole: actor.role, action: 'organization.change', capability: 'organization:manage', outcome: 'allowed', basis: 'admin', subjectId: actor.organizationId },
        tx,
      );
      return tx.findOneByOrFail(Organization, { id: actor.organizationId });
    });
    return toView(updated);
  }

  private async find(organizationId: string): Promise<Organization> {
    const organization = await this.db.manager.findOneBy(Organization, { id: organizationId });
    if (!organization) throw Problem.notFound('organization');
    return organization;
  }
}

const toView = (o: Organization): OrganizationView => ({ id: o.id, name: o.name, requireMfa: o.requireMfa, calendarLocations: o.calendarLocations });

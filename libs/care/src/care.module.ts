import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '@attune/identity';
import { AuditTrail } from './audit/audit-trail.js';
import { AuditEvent } from './entities/audit-event.entity.js';
import { AuditSeal } from './entities/audit-seal.entity.js';
import { BreakGlassGrant } from './entities/break-glass-grant.entity.js';
import { CareTeamMembership } from './entities/care-team-membership.entity.js';
import { Client } from './entities/client.entity.js';
import { Organization } from './entities/organization.entity.js';
import { StaffMember } from './entities/staff-member.entity.js';
import { AccessPolicy } from './policy/access-policy.js';

export const CARE_ENTITIES = [Organization, StaffMember, Client, CareTeamMembership, BreakGlassGrant, AuditEvent, AuditSeal];

/** Organisations, clients, care teams, THE access policy and the audit trail. */
@Module({
  imports: [TypeOrmModule.forFeature(CARE_ENTITIES), IdentityModule],
  providers: [AuditTrail, AccessPolicy],
  exports: [AuditTrail, AccessPolicy],
})
export class CareModule {}

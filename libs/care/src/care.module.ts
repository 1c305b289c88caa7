import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '@attune/identity';
import { NotificationsModule } from '@attune/notifications';
import { AUDIT_SERVICES } from './audit/audit-services.js';
import { AuditTrail } from './audit/audit-trail.js';
import { BreakGlass } from './break-glass/break-glass.js';
import { Caseload } from './caseload/caseload.js';
import { ClientRegistry } from './clients/client-registry.js';
import { DemoSeed } from './demo/demo-seed.js';
import { AuditEvent } from './entities/audit-event.entity.js';
import { AuditSeal } from './entities/audit-seal.entity.js';
import { BreakGlassGrant } from './entities/break-glass-grant.entity.js';
import { CareTeamMembership } from './entities/care-team-membership.entity.js';
import { Client } from './entities/client.entity.js';
import { Organization } from './entities/organization.entity.js';
import { StaffMember } from './entities/staff-member.entity.js';
import { OrganizationSettings } from './organizations/organization-settings.js';
import { AccessPolicy } from './policy/access-policy.js';
import { StaffDirectory } from './staff/staff-directory.js';
import { CareTeamRooms } from './teams/care-team-rooms.js';
import { CareTeams } from './teams/care-teams.js';

export const CARE_ENTITIES = [Organization, StaffMember, Client, CareTeamMembership, BreakGlassGrant, AuditEvent, AuditSeal];

const USE_CASES = [StaffDirectory, ClientRegistry, CareTeams, Caseload, BreakGlass, DemoSeed, OrganizationSettings];

/** Organisations, clients, care teams, THE access policy and the audit trail. */
@Module({
  imports: [TypeOrmModule.forFeature(CARE_ENTITIES), IdentityModule, NotificationsModule],
  providers: [AuditTrail, AccessPolicy, CareTeamRooms, ...AUDIT_SERVICES, ...USE_CASES],
  exports: [AuditTrail, AccessPolicy, ...AUDIT_SERVICES, ...USE_CASES],
})
export class CareModule {}

import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { CareModule } from '@attune/care';
import { IdentityModule } from '@attune/identity';
import { NotificationsModule } from '@attune/notifications';
import { AuditApiModule } from './audit/audit-api.module.js';
import { AuthApiModule } from './auth/auth-api.module.js';
import { BreakGlassApiModule } from './break-glass/break-glass-api.module.js';
import { CareTeamsApiModule } from './care-teams/care-teams-api.module.js';
import { CaseloadApiModule } from './caseload/caseload-api.module.js';
import { ClientsApiModule } from './clients/clients-api.module.js';
import { CurriculumApiModule } from './curriculum/curriculum-api.module.js';
import { ConsentsApiModule } from './consents/consents-api.module.js';
import { HealthController } from './health/health.controller.js';
import { MeasuresApiModule } from './measures/measures-api.module.js';
import { NetworkApiModule } from './network/network-api.module.js';
import { MessagingApiModule } from './messaging/messaging-api.module.js';
import { OrganizationApiModule } from './organizations/organization-api.module.js';
import { RemindersApiModule } from './reminders/reminders-api.module.js';
import { RealtimeApiModule } from './realtime/realtime-api.module.js';
import { StaffApiModule } from './staff/staff-api.module.js';
import { VisitsApiModule } from './visits/visits-api.module.js';
import { CheckinsApiModule } from './checkins/checkins-api.module.js';

/** The care part of the API: staff, clients, care teams, caseloads, break-glass. */
const CARE_API = [OrganizationApiModule, StaffApiModule, ClientsApiModule, CareTeamsApiModule, CaseloadApiModule, BreakGlassApiModule];

/** The HTTP API's controllers; domain logic stays in libs/. */
@Module({
  imports: [TerminusModule, IdentityModule, CareModule, NotificationsModule, AuditApiModule, AuthApiModule, ...CARE_API, VisitsApiModule, RemindersApiModule, MeasuresApiModule, CurriculumApiModule, ConsentsApiModule, NetworkApiModule, CheckinsApiModule, MessagingApiModule, RealtimeApiModule],
  controllers: [HealthController],
})
export class ApiModule {}

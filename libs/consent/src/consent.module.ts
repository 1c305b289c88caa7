import { Global, Module } from '@nestjs/common';
import { CareModule, DisclosureLedger } from '@attune/care';
import { CurriculumModule } from '@attune/curriculum';
import { NotificationsModule } from '@attune/notifications';
import { SchedulingModule } from '@attune/scheduling';
import { ServiceAgreements } from './agreements/service-agreements.js';
import { Consents } from './consents/consents.js';
import { DisclosureAccounting } from './disclosures/disclosure-accounting.js';
import { Disclosures } from './disclosures/disclosures.js';
import { FamilyInvitations } from './family/family-invitations.js';
import { SupporterAccounts } from './supporters/supporter-accounts.js';
import { SupporterViews } from './supporters/supporter-views.js';

const SERVICES = [Consents, Disclosures, DisclosureAccounting, SupporterAccounts, SupporterViews, FamilyInvitations, ServiceAgreements];

/**
 * 42 CFR Part 2: consents, disclosures and their accounting, supporters' reads, family invitations and
 * service-provider agreements. Global so the access policy (libs/care) finds the DisclosureLedger it
 * accounts supporters' reads with, without care importing this library.
 */
@Global()
@Module({
  imports: [CareModule, CurriculumModule, NotificationsModule, SchedulingModule],
  providers: [...SERVICES, { provide: DisclosureLedger, useExisting: Disclosures }],
  exports: [...SERVICES, DisclosureLedger],
})
export class ConsentModule {}

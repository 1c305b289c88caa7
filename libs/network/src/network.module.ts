import { Module } from '@nestjs/common';
import { CareModule } from '@attune/care';
import { ConsentModule } from '@attune/consent';
import { NotificationsModule } from '@attune/notifications';
import { RemindersModule } from '@attune/reminders';
import { Referrals } from './referrals/referrals.js';
import { ContactLog } from './contacts/contact-log.js';
import { NetworkMetrics } from './contacts/network-metrics.js';
import { RelapsePlans } from './plan/relapse-plans.js';
import { ResourceDirectory } from './resources/resource-directory.js';
import { SocialMap } from './social-map/social-map.js';

/** The client's recovery network: social map, contact log and metrics, relapse-prevention plan, community resources. */
@Module({
  imports: [CareModule, ConsentModule, NotificationsModule, RemindersModule],
  providers: [SocialMap, ContactLog, NetworkMetrics, RelapsePlans, ResourceDirectory, Referrals],
  exports: [SocialMap, ContactLog, NetworkMetrics, RelapsePlans, ResourceDirectory, Referrals],
})
export class NetworkModule {}

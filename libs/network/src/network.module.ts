import { Module } from '@nestjs/common';
import { CareModule } from '@attune/care';
import { ContactLog } from './contacts/contact-log.js';
import { NetworkMetrics } from './contacts/network-metrics.js';
import { RelapsePlans } from './plan/relapse-plans.js';
import { ResourceDirectory } from './resources/resource-directory.js';
import { SocialMap } from './social-map/social-map.js';

/** The client's recovery network: social map, contact log and metrics, relapse-prevention plan, community resources. */
@Module({
  imports: [CareModule],
  providers: [SocialMap, ContactLog, NetworkMetrics, RelapsePlans, ResourceDirectory],
  exports: [SocialMap, ContactLog, NetworkMetrics, RelapsePlans, ResourceDirectory],
})
export class NetworkModule {}

import { Module } from '@nestjs/common';
import { NetworkModule } from '@attune/network';
import { RelapsePlanController } from './relapse-plan.controller.js';
import { ReferralsController } from './referrals.controller.js';
import { ResourcesController } from './resources.controller.js';
import { SocialMapController } from './social-map.controller.js';

@Module({
  imports: [NetworkModule],
  controllers: [SocialMapController, RelapsePlanController, ResourcesController, ReferralsController],
})
export class NetworkApiModule {}

import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { CareModule } from '@attune/care';
import { IdentityModule } from '@attune/identity';
import { NotificationsModule } from '@attune/notifications';
import { HealthController } from './health/health.controller.js';

/** The HTTP API's controllers; domain logic stays in libs/. */
@Module({
  imports: [TerminusModule, IdentityModule, CareModule, NotificationsModule],
  controllers: [HealthController],
})
export class ApiModule {}

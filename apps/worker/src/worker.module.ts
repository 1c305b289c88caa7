import { Module } from '@nestjs/common';
import { CareModule } from '@attune/care';
import { NotificationsModule } from '@attune/notifications';
import { JobRunner } from '@attune/platform';
import { DeliverMessageHandler } from './messages/deliver-message.handler.js';

/** Background work: BullMQ processors and timers. No HTTP. */
@Module({
  imports: [CareModule, NotificationsModule],
  providers: [JobRunner, DeliverMessageHandler],
})
export class WorkerModule {}

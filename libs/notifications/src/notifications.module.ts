import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Notification } from './entities/notification.entity.js';
import { OutboundMessage } from './entities/outbound-message.entity.js';
import { Outbox } from './outbox.js';

export const NOTIFICATION_ENTITIES = [Notification, OutboundMessage];

/** Channels (in-app, email, SMS) and the outbox every message leaves through. */
@Module({
  imports: [TypeOrmModule.forFeature(NOTIFICATION_ENTITIES)],
  providers: [Outbox],
  exports: [Outbox],
})
export class NotificationsModule {}

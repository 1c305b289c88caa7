import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessageDelivery } from './delivery/message-delivery.js';
import { MessageReconciler } from './delivery/message-reconciler.js';
import { Notification } from './entities/notification.entity.js';
import { OutboundMessage } from './entities/outbound-message.entity.js';
import { OutboundMessages } from './outbound-messages.js';
import { Outbox } from './outbox.js';
import { InAppNotifications } from './inbox/in-app-notifications.js';
import { InboundSms } from './inbound/inbound-sms.js';
import { NotificationPreferences } from './preferences/notification-preferences.js';
import { EmailSender } from './senders/email-sender.js';
import { SENDER_PROVIDERS } from './senders/sender-providers.js';
import { SmsSender } from './senders/sms-sender.js';

export const NOTIFICATION_ENTITIES = [Notification, OutboundMessage];

/** Channels (in-app, email, SMS), the outbox every message leaves through, and its delivery. */
@Module({
  imports: [TypeOrmModule.forFeature(NOTIFICATION_ENTITIES)],
  providers: [Outbox, InAppNotifications, InboundSms, OutboundMessages, MessageDelivery, MessageReconciler, NotificationPreferences, ...SENDER_PROVIDERS],
  exports: [Outbox, InAppNotifications, InboundSms, MessageDelivery, MessageReconciler, NotificationPreferences, EmailSender, SmsSender],
})
export class NotificationsModule {}

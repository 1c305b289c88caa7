import { Injectable, Logger } from '@nestjs/common';
import { Clock, redactAddresses } from '@attune/platform';
import { OutboundMessages, type ClaimedMessage } from '../outbound-messages.js';
import { NotificationPreferences } from '../preferences/notification-preferences.js';
import { DeliveryError } from '../senders/delivery-error.js';
import { EmailSender } from '../senders/email-sender.js';
import { NEUTRAL_SUBJECT } from '../senders/neutral-sender.js';
import { SmsSender } from '../senders/sms-sender.js';

export type DeliveryOutcome = 'sent' | 'failed' | 'not-claimed';

/**
 * A ceiling per message across jobs: BullMQ's own attempts count per job, and the reconciler may give a
 * message a new job; this stops a message that can never go through from circling for ever.
 */
const MAX_ATTEMPTS_PER_MESSAGE = 10;

/**
 * Delivers one outbound message: claim it, send it through its channel, record the result. At most once:
 * a message is only sent by whoever moved it from queued to sending.
 */
@Injectable()
export class MessageDelivery {
  private readonly log = new Logger('messages');

  constructor(
    private readonly messages: OutboundMessages,
    private readonly email: EmailSender,
    private readonly sms: SmsSender,
    private readonly clock: Clock,
    private readonly preferences: NotificationPreferences,
  ) {}

  /**
   * `finalAttempt`: no retry will follow, so a transient failure is final too. Throws a (redacted)
   * transient DeliveryError when a retry should follow; the message is queued again for it.
   */
  async deliver(messageId: string, finalAttempt: boolean): Promise<DeliveryOutcome> {
    const message = await this.messages.claim(messageId);
    if (!message) return 'not-claimed';
    try {
      await this.send(message);
    } catch (error) {
      const failure = DeliveryError.from(error);
      // Servers quote addresses in their replies: none may reach the database, the log or Redis.
      const reason = redactAddresses(failure.message);
      if (failure.permanent || finalAttempt || message.attempts >= MAX_ATTEMPTS_PER_MESSAGE) {
        // Recorded so that no text, critical or not, goes to the number again; other channels carry on.
        // Before the message is marked failed: whoever sees the failure sees the opt-out, and a crash in
        // between leaves the message to a retry (refused again), never a failure without its opt-out.
        if (failure.recipientOptedOut && message.channel === 'sms') await this.preferences.recordCarrierOptOut(message.toAddress);
        await this.messages.markFailed(message.id, reason);
        this.log.warn({ messageId: message.id, channel: message.channel, attempts: message.attempts, error: reason }, 'message failed');
        return 'failed';
      }
      await this.messages.requeue(message.id, reason);
      throw DeliveryError.transient(reason);
    }
    await this.messages.markSent(message.id, this.clock.now());
    return 'sent';
  }

  private async send(message: ClaimedMessage): Promise<void> {
    if (message.body === null) throw DeliveryError.permanent('message has no body');
    switch (message.channel) {
      case 'email':
        return this.email.send({
          messageId: message.id,
          to: message.toAddress,
          subject: message.subject ?? NEUTRAL_SUBJECT,
          body: message.body,
          ...(message.calendarMethod && message.calendarIcs ? { calendar: { method: message.calendarMethod, content: message.calendarIcs } } : {}),
        });
      case 'sms':
        return this.sms.send({ messageId: message.id, to: message.toAddress, body: message.body });
    }
  }
}

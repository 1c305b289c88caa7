import { Logger, type Provider } from '@nestjs/common';
import { AppConfig, Clock } from '@attune/platform';
import { EmailSender } from './email-sender.js';
import { HttpSmsSender } from './http-sms-sender.js';
import { LocalOutbox, LocalOutboxEmailSender, LocalOutboxSmsSender } from './local-outbox.js';
import { SmsSender } from './sms-sender.js';
import { SmtpEmailSender } from './smtp-email-sender.js';

const log = new Logger('notifications');

/** Says at boot where messages go; in production a local outbox is almost surely a missing variable. */
function announce<T extends { destination: string }>(channel: string, sender: T, config: AppConfig, local: boolean): T {
  if (local && config.env === 'production') log.warn(`${channel}: ${sender.destination}: messages are NOT delivered`);
  else log.log(`${channel}: ${sender.destination}`);
  return sender;
}

/** Each channel's sender: the configured service, or the local outbox when the channel is not configured. */
export const SENDER_PROVIDERS: Provider[] = [
  {
    provide: LocalOutbox,
    inject: [AppConfig, Clock],
    useFactory: (config: AppConfig, clock: Clock) => new LocalOutbox(config.outboxDir, clock),
  },
  {
    provide: EmailSender,
    inject: [AppConfig, LocalOutbox],
    useFactory: (config: AppConfig, outbox: LocalOutbox): EmailSender =>
      config.mail.smtpUrl
        ? announce('email', new SmtpEmailSender(config.mail.smtpUrl, config.mail.from), config, false)
        : announce('email', new LocalOutboxEmailSender(outbox), config, true),
  },
  {
    provide: SmsSender,
    inject: [AppConfig, LocalOutbox],
    useFactory: (config: AppConfig, outbox: LocalOutbox): SmsSender => {
      const { apiUrl, accountSid, authToken, from } = config.sms;
      // buildConfig refuses a partial SMS set-up, so "all or nothing" holds here.
      return apiUrl && accountSid && authToken && from
        ? announce('sms', new HttpSmsSender({ apiUrl, accountSid, authToken, from }), config, false)
        : announce('sms', new LocalOutboxSmsSender(outbox), config, true);
    },
  },
];

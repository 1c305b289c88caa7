import type { OnModuleDestroy } from '@nestjs/common';
import type { NodemailerError, Transporter } from 'nodemailer';
import { DeliveryError } from './delivery-error.js';
import { EmailSender, type OutgoingEmail } from './email-sender.js';
import { neutralSender } from './neutral-sender.js';

/** SMTP codes our side settles: anything else without a reply code is a connection problem (transient). */
const PERMANENT_WITHOUT_REPLY = ['EAUTH', 'ENOAUTH', 'ECONFIG', 'EENVELOPE'];

/**
 * Email over SMTP (SMTP_URL, e.g. smtps://user:pass@smtp.example.org:465 or smtp://…:587 with STARTTLS).
 * A small connection pool: reminders go out in bursts at the top of the hour.
 */
export class SmtpEmailSender extends EmailSender implements OnModuleDestroy {
  readonly destination: string;
  /**
   * Opened by the first email. Only the worker sends mail: api nodes build this sender too (it comes with
   * the notifications module) and should not carry nodemailer (~1.7 MB of idle heap) for nothing.
   */
  private transport: Promise<Transporter> | undefined;

  constructor(
    private readonly smtpUrl: string,
    private readonly mailFrom: string,
  ) {
    super();
    this.destination = `SMTP ${new URL(smtpUrl).host}`;
  }

  async send(email: OutgoingEmail): Promise<void> {
    try {
      await (await this.openTransport()).sendMail({
        to: email.to,
        subject: email.subject,
        text: email.body,
        ...(email.calendar ? { icalEvent: { method: email.calendar.method, filename: 'invite.ics', content: email.calendar.content } } : {}),
      });
    } catch (error) {
      throw classifySmtpError(error as NodemailerError);
    }
  }

  async onModuleDestroy(): Promise<void> {
    (await this.transport)?.close();
  }

  private openTransport(): Promise<Transporter> {
    this.transport ??= import('nodemailer').then(({ createTransport }) =>
      createTransport(
        { url: this.smtpUrl, pool: true, maxConnections: 3, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 },
        { from: neutralSender(this.mailFrom) },
      ),
    );
    return this.transport;
  }
}

/** SMTP 4xx (and 503, a session-state error) may pass later; 5xx will not. */
export function classifySmtpError(error: NodemailerError): DeliveryError {
  const reply = error.responseCode;
  const message = `SMTP ${reply ?? error.code ?? 'error'}: ${error.message}`;
  if (typeof reply === 'number') {
    return reply >= 500 && reply < 600 && reply !== 503 ? DeliveryError.permanent(message) : DeliveryError.transient(message);
  }
  return PERMANENT_WITHOUT_REPLY.includes(error.code ?? '') ? DeliveryError.permanent(message) : DeliveryError.transient(message);
}

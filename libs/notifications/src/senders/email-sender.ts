import type { CalendarPart } from '../entities/outbound-message.entity.js';

export interface OutgoingEmail {
  /** The outbound_message id: a reference for logs and the local outbox, never shown to the recipient. */
  messageId: string;
  to: string;
  subject: string;
  body: string;
  /** An invitation's iCalendar part, sent as text/calendar so mail apps offer to add it. */
  calendar?: CalendarPart;
}

/** Sends one email or throws a DeliveryError. The DI token; which implementation is decided by config. */
export abstract class EmailSender {
  /** Says where mail goes, for the boot log: "SMTP smtp.example.org:587" or "local outbox <dir>". */
  abstract readonly destination: string;
  abstract send(email: OutgoingEmail): Promise<void>;
}

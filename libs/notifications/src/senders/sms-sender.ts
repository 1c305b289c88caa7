export interface OutgoingSms {
  /** The outbound_message id: a reference for logs and the local outbox, never sent. */
  messageId: string;
  /** E.164, e.g. +15551234567. */
  to: string;
  body: string;
}

/** Sends one text or throws a DeliveryError. The DI token; which implementation is decided by config. */
export abstract class SmsSender {
  /** Says where texts go, for the boot log. */
  abstract readonly destination: string;
  abstract send(sms: OutgoingSms): Promise<void>;
}

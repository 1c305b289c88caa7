/**
 * Why a send failed, and whether trying again can help. Transient: SMTP 4xx, HTTP 5xx / 408 / 429,
 * timeouts, refused or dropped connections. Permanent: SMTP 5xx, other HTTP 4xx (a bad number, a bad
 * address, bad credentials: the same request would fail the same way).
 * Messages may quote a server's reply, which may quote an address: redact before storing or logging.
 */
export class DeliveryError extends Error {
  constructor(
    readonly permanent: boolean,
    message: string,
    /** The carrier says the recipient opted out (replied STOP): no text may go to the number again. */
    readonly recipientOptedOut = false,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }

  static transient(message: string): DeliveryError {
    return new DeliveryError(false, message);
  }

  static permanent(message: string): DeliveryError {
    return new DeliveryError(true, message);
  }

  static recipientOptedOut(message: string): DeliveryError {
    return new DeliveryError(true, message, true);
  }

  /** Anything a sender did not classify (a bug, an unexpected library error) is retried: it may pass. */
  static from(error: unknown): DeliveryError {
    if (error instanceof DeliveryError) return error;
    return DeliveryError.transient(error instanceof Error ? error.message : String(error));
  }
}

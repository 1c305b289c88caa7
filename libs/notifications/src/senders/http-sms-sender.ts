import { DeliveryError } from './delivery-error.js';
import { SmsSender, type OutgoingSms } from './sms-sender.js';

export interface SmsApiSettings {
  /** SMS_API_URL: the API base, e.g. https://api.twilio.com/2010-04-01 */
  apiUrl: string;
  accountSid: string;
  authToken: string;
  /** SMS_FROM: the sending number in E.164. */
  from: string;
}

const TIMEOUT_MS = 10_000;
/** 4xx answers that mean "not now" rather than "never". */
const TRANSIENT_CLIENT_ERRORS = [408, 425, 429];

/**
 * Texts through an HTTP API shaped like Twilio's Messages resource (Twilio itself, or any compatible
 * gateway):
 *
 *   POST {SMS_API_URL}/Accounts/{SMS_ACCOUNT_SID}/Messages.json
 *   Authorization: Basic base64(SMS_ACCOUNT_SID:SMS_AUTH_TOKEN)
 *   Content-Type: application/x-www-form-urlencoded
 *   To=<E.164>&From=<SMS_FROM>&Body=<text>
 *
 * Any 2xx (Twilio answers 201) is accepted. 5xx, 408, 425, 429, timeouts and network errors are retried;
 * other 4xx (a bad number, bad credentials) are permanent; error 21610 (the recipient replied STOP) is
 * reported as a carrier opt-out, which blocks every later text to the number.
 */
export class HttpSmsSender extends SmsSender {
  readonly destination: string;
  private readonly endpoint: string;
  private readonly authorization: string;

  constructor(private readonly settings: SmsApiSettings) {
    super();
    const base = settings.apiUrl.replace(/\/+$/, '');
    this.endpoint = `${base}/Accounts/${encodeURIComponent(settings.accountSid)}/Messages.json`;
    this.authorization = `Basic ${Buffer.from(`${settings.accountSid}:${settings.authToken}`).toString('base64')}`;
    this.destination = `SMS API ${new URL(base).host}`;
  }

  async send(sms: OutgoingSms): Promise<void> {
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: { authorization: this.authorization, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ To: sms.to, From: this.settings.from, Body: sms.body }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw DeliveryError.transient(`SMS API unreachable: ${describeFetchError(error)}`);
    }
    if (response.ok) {
      await response.body?.cancel();
      return;
    }
    const text = await response.text().catch(() => '');
    const detail = text.slice(0, 300);
    const message = `SMS API answered ${response.status}: ${detail}`;
    if (response.status === 400 && carrierOptOut(text)) throw DeliveryError.recipientOptedOut(message);
    const transient = response.status >= 500 || TRANSIENT_CLIENT_ERRORS.includes(response.status);
    throw transient ? DeliveryError.transient(message) : DeliveryError.permanent(message);
  }
}

/** Twilio error 21610: "Attempt to send to unsubscribed recipient" (the person replied STOP). */
const UNSUBSCRIBED_RECIPIENT = 21610;

function carrierOptOut(body: string): boolean {
  try {
    return (JSON.parse(body) as { code?: unknown }).code === UNSUBSCRIBED_RECIPIENT;
  } catch {
    return false;
  }
}

/** fetch reports "fetch failed" and hides the reason (ECONNREFUSED, a timeout) in `cause`. */
function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: string; message?: string } | undefined;
  return cause?.code ?? cause?.message ?? error.name + ': ' + error.message;
}

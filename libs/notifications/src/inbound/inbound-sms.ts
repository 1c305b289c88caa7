import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, Clock, isE164Phone, Problem } from '@attune/platform';
import { keywordIntent, signatureMatches, twilioSignature, type KeywordIntent } from './carrier-keywords.js';

/** The path the SMS provider is configured to call: `${PUBLIC_URL}/api/v1/webhooks/sms`. */
export const INBOUND_SMS_PATH = '/api/v1/webhooks/sms';

/**
 * Texts people send to Attune's number, as the SMS provider (Twilio or a compatible gateway) posts them.
 * Today it records carrier keywords: STOP blocks every text to the number at once (critical ones too: the
 * other channels carry them), START lifts it. The provider answers the keyword itself, as carriers require.
 * Nothing about the sender or the text is logged.
 */
@Injectable()
export class InboundSms {
  private readonly log = new Logger('inbound-sms');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async receive(params: Record<string, string>, signature: string | undefined): Promise<KeywordIntent> {
    const authToken = this.config.sms.authToken;
    // Without a provider there is nobody to trust: the route does not exist.
    if (!authToken) throw Problem.notFound('route');
    const expected = twilioSignature(authToken, `${this.config.publicUrl}${INBOUND_SMS_PATH}`, params);
    if (!signatureMatches(expected, signature)) throw Problem.forbidden('signature: does not match the request');
    const phone = params.From ?? '';
    if (!isE164Phone(phone)) throw Problem.invalid('From', 'must be a phone number in E.164');
    const intent = keywordIntent(params.Body, params.OptOutType);
    if (intent === 'opt_out') {
      await this.db.query(`INSERT INTO sms_opt_out (phone, opted_out_at) VALUES ($1, $2) ON CONFLICT (phone) DO NOTHING`, [phone, this.clock.now()]);
    } else if (intent === 'opt_in') {
      await this.db.query(`DELETE FROM sms_opt_out WHERE phone = $1`, [phone]);
    }
    this.log.log({ intent }, 'inbound text');
    return intent;
  }
}

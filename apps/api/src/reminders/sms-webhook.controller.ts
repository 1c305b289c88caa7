import { Body, Controller, Header, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiConsumes, ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@attune/identity';
import { InboundSms } from '@attune/notifications';

/**
 * The SMS provider's inbound-message webhook (configure it as `${PUBLIC_URL}/api/v1/webhooks/sms`, POST).
 * Authenticated by the provider's request signature, not a person's token. Answers an empty TwiML
 * document: the provider itself confirms STOP and START, as carriers require.
 */
@ApiExcludeController()
@Controller('webhooks/sms')
export class SmsWebhookController {
  constructor(private readonly inbound: InboundSms) {}

  @Public()
  @Post()
  @HttpCode(200)
  @ApiConsumes('application/x-www-form-urlencoded')
  @Header('content-type', 'text/xml; charset=utf-8')
  async receive(@Body() params: Record<string, string> | undefined, @Headers('x-twilio-signature') signature: string | undefined): Promise<string> {
    await this.inbound.receive(params ?? {}, signature);
    return '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
  }
}

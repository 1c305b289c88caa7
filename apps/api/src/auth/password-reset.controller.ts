import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PasswordReset, Public } from '@attune/identity';
import { ApiProblems } from '../common/problem.schema.js';
import { ClientIp } from './client-ip.decorator.js';
import { PasswordResetConfirmDto, PasswordResetRequestDto } from './dto/auth-requests.dto.js';
import { RetryAfterInterceptor } from './retry-after.interceptor.js';

/** Forgotten passwords: a one-time link by email, then a new password. */
@ApiTags('auth')
@Public()
@UseInterceptors(RetryAfterInterceptor)
@Controller('auth/password-reset')
export class PasswordResetController {
  constructor(private readonly reset: PasswordReset) {}

  @Post('request')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Email a password reset link',
    description: 'Always 202, whether or not the email is registered. The link works once and expires.',
  })
  @ApiAcceptedResponse({ description: 'A link is on its way if the email belongs to an account' })
  @ApiProblems(400, 429)
  async request(@Body() body: PasswordResetRequestDto, @ClientIp() ip: string): Promise<void> {
    await this.reset.request(body.email, ip);
  }

  @Post('confirm')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Set a new password with the link’s token',
    description:
      'Signs the account out everywhere. 401 for an unknown, expired or used token; 422 naming `newPassword` when it is too weak (the link stays usable).',
  })
  @ApiNoContentResponse({ description: 'Password changed; every session ended' })
  @ApiProblems(400, 401, 422, 429)
  async confirm(@Body() body: PasswordResetConfirmDto, @ClientIp() ip: string): Promise<void> {
    await this.reset.confirm(body.token, body.newPassword, ip);
  }
}

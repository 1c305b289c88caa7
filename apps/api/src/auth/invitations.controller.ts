import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Invitations, Public } from '@attune/identity';
import { ApiProblems } from '../common/problem.schema.js';
import { ClientIp } from './client-ip.decorator.js';
import { AcceptInvitationDto } from './dto/auth-requests.dto.js';
import { presentOutcome } from './dto/present.js';
import { RetryAfterInterceptor } from './retry-after.interceptor.js';
import { ApiSignInOutcome } from './sign-in-outcome.response.js';

/** Invited staff choose their password and are signed in. */
@ApiTags('auth')
@Public()
@UseInterceptors(RetryAfterInterceptor)
@Controller('auth/invitations')
export class InvitationsController {
  constructor(private readonly invitations: Invitations) {}

  @Post('accept')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Accept a staff invitation',
    description:
      'Sets the first password and activates the staff member, then answers like POST /auth/sign-in: tokens, or an ' +
      'MFA challenge (with enrolmentRequired when the organisation requires MFA). 401 for an unknown, expired or used ' +
      'token; 422 naming `password` when it is too weak (the link stays usable).',
  })
  @ApiSignInOutcome()
  @ApiProblems(400, 401, 422, 429)
  async accept(@Body() body: AcceptInvitationDto, @ClientIp() ip: string) {
    return presentOutcome(await this.invitations.accept(body.token, body.password, ip));
  }
}

import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, MfaEnrolment } from '@attune/identity';
import { ApiProblems } from '../common/problem.schema.js';
import { MfaConfirmDto } from './dto/auth-requests.dto.js';
import { AuthenticatorDto } from './dto/auth-responses.dto.js';

/** A signed-in staff member sets up an authenticator app. */
@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth/mfa')
export class MfaController {
  constructor(private readonly enrolment: MfaEnrolment) {}

  @Post('enrol')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Start setting up an authenticator app (staff)',
    description:
      'Returns a new seed and its otpauth:// URI; MFA is on once /auth/mfa/confirm accepts a code. 409 if MFA is already on.',
  })
  @ApiOkResponse({ type: AuthenticatorDto })
  @ApiProblems(401, 403, 409)
  async enrol(@CurrentActor() actor: Actor): Promise<AuthenticatorDto> {
    const { secret, uri } = await this.enrolment.begin(actor);
    return { secret, otpauthUri: uri };
  }

  @Post('confirm')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Turn MFA on with the first code from the app',
    description: 'A wrong code is 422 naming `code`.',
  })
  @ApiNoContentResponse({ description: 'MFA is on; later sign-ins ask for a code' })
  @ApiProblems(400, 401, 403, 409, 422)
  async confirm(@CurrentActor() actor: Actor, @Body() body: MfaConfirmDto): Promise<void> {
    await this.enrolment.confirm(actor, body.code);
  }
}

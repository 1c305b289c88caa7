import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MfaSignIn, PasswordSignIn, PhoneSignIn, Public } from '@attune/identity';
import { ApiProblems } from '../common/problem.schema.js';
import { ClientIp } from './client-ip.decorator.js';
import {
  CodeRequestDto,
  CodeSignInDto,
  MfaSignInDto,
  MfaTokenDto,
  SignInDto,
} from './dto/auth-requests.dto.js';
import { AuthenticatorDto, TokenPairDto } from './dto/auth-responses.dto.js';
import { presentOutcome, presentTokens } from './dto/present.js';
import { RetryAfterInterceptor } from './retry-after.interceptor.js';
import { ApiSignInOutcome } from './sign-in-outcome.response.js';

const STAFF_FLOW = `
Staff and clients with a password sign in with their email. Wrong email and wrong password get the same 401.

**Multi-factor (staff).** When the staff member has an authenticator app, or their organisation requires MFA,
the answer is not tokens but \`{ mfaRequired: true, mfaToken, mfaTokenExpiresAt, enrolmentRequired }\`:

1. \`enrolmentRequired: false\` — send \`{ mfaToken, code }\` to **POST /auth/sign-in/mfa** with the code the app shows.
2. \`enrolmentRequired: true\` (the organisation requires MFA, none is set up yet) — call
   **POST /auth/sign-in/mfa/enrol** with \`{ mfaToken }\` to get a seed and an otpauth:// URI (show it as a QR code),
   then send the first code from the app to **POST /auth/sign-in/mfa**: that turns MFA on and signs in.

The mfaToken is single-use, lives as long as a sign-in code and takes five wrong codes at most. Enrolment with an
mfaToken is refused once MFA is on, so a password alone can never replace someone's authenticator.
Wrong answers count against the account and the IP address; too many → 429 with Retry-After.`;

/** Every way in: password (+ MFA for staff), and texted codes for clients. */
@ApiTags('auth')
@Public()
@UseInterceptors(RetryAfterInterceptor)
@Controller('auth/sign-in')
export class SignInController {
  constructor(
    private readonly passwords: PasswordSignIn,
    private readonly mfa: MfaSignIn,
    private readonly phones: PhoneSignIn,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with email and password', description: STAFF_FLOW })
  @ApiSignInOutcome()
  @ApiProblems(400, 401, 413, 429)
  async signIn(@Body() body: SignInDto, @ClientIp() ip: string) {
    return presentOutcome(await this.passwords.signIn(body.email, body.password, ip));
  }

  @Post('mfa')
  @HttpCode(200)
  @ApiOperation({ summary: 'Second step: the authenticator code for an mfaToken', description: STAFF_FLOW })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiProblems(400, 401, 409, 429)
  async completeMfa(@Body() body: MfaSignInDto, @ClientIp() ip: string): Promise<TokenPairDto> {
    return presentTokens(await this.mfa.complete(body.mfaToken, body.code, ip));
  }

  @Post('mfa/enrol')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Set up an authenticator during sign-in (organisation requires MFA, none set up yet)',
    description: `${STAFF_FLOW}\n\n409 when MFA is already on for the account.`,
  })
  @ApiOkResponse({ type: AuthenticatorDto })
  @ApiProblems(400, 401, 409, 429)
  async enrolDuringSignIn(@Body() body: MfaTokenDto, @ClientIp() ip: string): Promise<AuthenticatorDto> {
    const { secret, uri } = await this.mfa.enrol(body.mfaToken, ip);
    return { secret, otpauthUri: uri };
  }

  @Post('code-request')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Text a six-digit sign-in code to a client (or, with as: supporter, to a supporter)',
    description:
      'Always 202, whether or not the number belongs to a client. Each request counts against the number and the IP address.',
  })
  @ApiAcceptedResponse({ description: 'A code is on its way if the number is a client’s' })
  @ApiProblems(400, 429)
  async requestCode(@Body() body: CodeRequestDto, @ClientIp() ip: string): Promise<void> {
    await this.phones.requestCode(body.phone, ip, body.as);
  }

  @Post('code')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in with the texted code',
    description: 'Codes expire, work once and take five attempts at most.',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiProblems(400, 401, 429)
  async signInWithCode(@Body() body: CodeSignInDto, @ClientIp() ip: string): Promise<TokenPairDto> {
    return presentTokens(await this.phones.signIn(body.phone, body.code, ip, body.as));
  }
}

import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountProfiles, type Actor, CurrentActor, Public, Sessions } from '@attune/identity';
import { ApiProblems } from '../common/problem.schema.js';
import { RefreshDto } from './dto/auth-requests.dto.js';
import { MeDto, TokenPairDto } from './dto/auth-responses.dto.js';
import { presentTokens } from './dto/present.js';

/** The signed-in device: new tokens, sign-out, and who am I. */
@ApiTags('auth')
@Controller('auth')
export class SessionsController {
  constructor(
    private readonly sessions: Sessions,
    private readonly profiles: AccountProfiles,
  ) {}

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for a new pair',
    description:
      'Each refresh token works once. Presenting one that was already used signs that session out everywhere ' +
      '(its access tokens stop working too): someone else has a copy.',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiProblems(400, 401)
  async refresh(@Body() body: RefreshDto): Promise<TokenPairDto> {
    return presentTokens(await this.sessions.refresh(body.refreshToken));
  }

  @Post('sign-out')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'End this session',
    description: 'Its access and refresh tokens stop working at once.',
  })
  @ApiNoContentResponse({ description: 'Signed out' })
  @ApiProblems(401)
  async signOut(@CurrentActor() actor: Actor): Promise<void> {
    await this.sessions.signOut(actor);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in account' })
  @ApiOkResponse({ type: MeDto })
  @ApiProblems(401)
  me(@CurrentActor() actor: Actor): Promise<MeDto> {
    return this.profiles.mine(actor);
  }
}

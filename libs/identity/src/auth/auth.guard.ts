import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Problem } from '@attune/platform';
import { AccessTokens } from '../tokens/access-tokens.js';
import type { AuthenticatedRequest } from './current-actor.decorator.js';
import { IS_PUBLIC } from './public.decorator.js';
import { SessionCheck } from './session-check.js';

/** Global guard: every route needs a valid bearer token of a live session unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokens,
    private readonly sessions: SessionCheck,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()])) return true;
    const request = ctx.switchToHttp().getRequest<AuthenticatedRequest & { headers: Record<string, string | undefined> }>();
    const header = request.headers.authorization ?? '';
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw Problem.unauthorized('authorization: bearer token required');
    const actor = await this.tokens.verify(token);
    await this.sessions.requireLive(actor);
    request.actor = actor;
    return true;
  }
}

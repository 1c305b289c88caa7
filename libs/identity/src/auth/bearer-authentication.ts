import { Injectable } from '@nestjs/common';
import { AccessTokens } from '../tokens/access-tokens.js';
import type { Actor } from '../roles.js';
import { SessionCheck } from './session-check.js';

export interface Authenticated {
  actor: Actor;
  /** When the access token stops being accepted (epoch ms). */
  expiresAtMs: number;
}

/**
 * THE check of a presented access token: a valid signature, not expired, and its session live. HTTP
 * (AuthGuard, per request) and sockets (the gateway's middleware, per connection) both call this, so a
 * token that one refuses the other refuses too. Throws 401 problems.
 */
@Injectable()
export class BearerAuthentication {
  constructor(
    private readonly tokens: AccessTokens,
    private readonly sessions: SessionCheck,
  ) {}

  async authenticate(token: string): Promise<Authenticated> {
    const verified = await this.tokens.verifyWithExpiry(token);
    await this.sessions.requireLive(verified.actor);
    return verified;
  }
}

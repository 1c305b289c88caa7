import { Injectable } from '@nestjs/common';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { AppConfig, Clock, Problem } from '@attune/platform';
import type { Actor, Role } from '../roles.js';

const ISSUER = 'attune';
export const ACCESS_AUDIENCE = 'attune-api';

/** Short-lived HS256 access tokens. They name the session, so revoking the session ends them at once. */
@Injectable()
export class AccessTokens {
  private readonly key: Uint8Array;

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.key = new TextEncoder().encode(config.jwtSecret);
  }

  async issue(actor: Actor): Promise<{ token: string; expiresAt: Date }> {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const exp = now + this.config.durations.accessTokenTtl;
    const token = await new SignJWT({ org: actor.organizationId, role: actor.role, sid: actor.sessionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(actor.userId)
      .setIssuer(ISSUER)
      .setAudience(ACCESS_AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** Verifies signature, issuer, audience and expiry against the injectable clock; 401 otherwise. */
  async verify(token: string): Promise<Actor> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: ACCESS_AUDIENCE,
        algorithms: ['HS256'],
        currentDate: this.clock.now(),
      });
      const { sub, org, role, sid } = payload as { sub?: string; org?: string; role?: Role; sid?: string };
      if (!sub || !org || !role || !sid) throw Problem.unauthorized('access token: missing claims');
      return { userId: sub, organizationId: org, role, sessionId: sid };
    } catch (error) {
      if (error instanceof Problem) throw error;
      if (error instanceof joseErrors.JWTExpired) throw Problem.unauthorized('access token: expired');
      throw Problem.unauthorized('access token: invalid');
    }
  }
}

import { webcrypto } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JWTExpired } from 'jose/errors';
import { SignJWT } from 'jose/jwt/sign';
import { jwtVerify } from 'jose/jwt/verify';
import { AppConfig, Clock, Problem } from '@attune/platform';
import type { Actor, Role } from '../roles.js';

const ISSUER = 'attune';
const VERIFIED_CACHE_SIZE = 10_000;
export const ACCESS_AUDIENCE = 'attune-api';

/** Short-lived HS256 access tokens. They name the session, so revoking the session ends them at once. */
@Injectable()
export class AccessTokens {
  /** The HMAC key, imported once: given raw bytes, jose would import a new CryptoKey for every token. */
  private readonly key: Promise<webcrypto.CryptoKey>;
  /** Tokens whose signature has been verified, oldest first (a Map keeps insertion order). */
  private readonly verified = new Map<string, { actor: Actor; expiresAtMs: number }>();

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.key = webcrypto.subtle.importKey('raw', new TextEncoder().encode(config.jwtSecret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
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
      .sign(await this.key);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /**
   * Verifies signature, issuer, audience and expiry against the injectable clock; 401 otherwise. A token
   * whose signature was already checked is remembered until it expires (the same bytes verify the same
   * way), which spares an HMAC per request; expiry is still checked every time.
   */
  async verify(token: string): Promise<Actor> {
    return (await this.verifyWithExpiry(token)).actor;
  }

  /** `verify`, also telling when the token expires (a socket is closed then). */
  async verifyWithExpiry(token: string): Promise<{ actor: Actor; expiresAtMs: number }> {
    const known = this.verified.get(token);
    if (known) {
      if (known.expiresAtMs > this.clock.now().getTime()) return known;
      this.verified.delete(token);
    }
    const checked = await this.verifySignature(token);
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, checked);
    return checked;
  }

  private async verifySignature(token: string): Promise<{ actor: Actor; expiresAtMs: number }> {
    try {
      const { payload } = await jwtVerify(token, await this.key, {
        issuer: ISSUER,
        audience: ACCESS_AUDIENCE,
        algorithms: ['HS256'],
        currentDate: this.clock.now(),
      });
      const { sub, org, role, sid } = payload as { sub?: string; org?: string; role?: Role; sid?: string };
      if (!sub || !org || !role || !sid || !payload.exp) throw Problem.unauthorized('access token: missing claims');
      return { actor: { userId: sub, organizationId: org, role, sessionId: sid }, expiresAtMs: payload.exp * 1000 };
    } catch (error) {
      if (error instanceof Problem) throw error;
      if (error instanceof JWTExpired) throw Problem.unauthorized('access token: expired');
      throw Problem.unauthorized('access token: invalid');
    }
  }
}

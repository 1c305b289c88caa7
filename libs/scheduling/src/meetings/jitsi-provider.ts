import { SignJWT } from 'jose/jwt/sign';
import { epochSeconds, type JoinIdentity, type JoinWindow, type MeetingProvider } from './meeting-provider.js';

/**
 * Self-hosted Jitsi Meet with Prosody token authentication (HS256, app id + secret). The token names the
 * room and is valid only in the join window. Per-user moderator and lobby bypass need, on the server:
 * `token_verification` (authentication = "token"), `muc_lobby_rooms`, and the jitsi-contrib
 * `token_affiliation` (owner = moderator) and `token_lobby_bypass` modules, which read
 * `context.user.affiliation` and `context.user.lobby_bypass`. See libs/scheduling/README.md.
 * The public meet.jit.si (demo mode only) verifies no token: the link is the bare room.
 */
export class JitsiProvider implements MeetingProvider {
  readonly name = 'jitsi' as const;
  constructor(private readonly settings: { domain: string; appId?: string; appSecret?: string }) {}

  async joinUrl(room: string, who: JoinIdentity, window: JoinWindow): Promise<string> {
    const base = `https://${this.settings.domain}/${room}`;
    const displayName = `#userInfo.displayName=${encodeURIComponent(JSON.stringify(who.firstName))}`;
    if (!this.settings.appId || !this.settings.appSecret) return `${base}${displayName}`;
    const token = await new SignJWT({
      room,
      context: {
        user: { id: who.userId, name: who.firstName, moderator: who.moderator, affiliation: who.moderator ? 'owner' : 'member', lobby_bypass: who.moderator },
      },
      moderator: who.moderator,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(this.settings.appId)
      .setAudience('jitsi')
      .setSubject(this.settings.domain)
      .setNotBefore(epochSeconds(window.opensAt))
      .setExpirationTime(epochSeconds(window.closesAt))
      .setIssuedAt(epochSeconds(window.opensAt))
      .sign(new TextEncoder().encode(this.settings.appSecret));
    return `${base}?jwt=${token}`;
  }
}

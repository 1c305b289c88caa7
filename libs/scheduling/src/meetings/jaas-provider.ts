import type { CryptoKey } from 'jose';
import { importPKCS8 } from 'jose/key/import';
import { SignJWT } from 'jose/jwt/sign';
import { epochSeconds, type JoinIdentity, type JoinWindow, type MeetingProvider } from './meeting-provider.js';

/** 8x8 Jitsi as a Service: RS256 tokens signed with the tenant's API key (kid), rooms under the tenant. */
export class JaasProvider implements MeetingProvider {
  readonly name = 'jaas' as const;
  private key?: Promise<CryptoKey>;
  constructor(private readonly settings: { appId: string; keyId: string; privateKey: string }) {}

  async joinUrl(room: string, who: JoinIdentity, window: JoinWindow): Promise<string> {
    this.key ??= importPKCS8(this.settings.privateKey, 'RS256');
    const token = await new SignJWT({
      room,
      context: {
        user: { id: who.userId, name: who.firstName, moderator: String(who.moderator) },
        features: { livestreaming: 'false', recording: 'false', transcription: 'false', 'outbound-call': 'false' },
      },
    })
      .setProtectedHeader({ alg: 'RS256', kid: this.settings.keyId, typ: 'JWT' })
      .setIssuer('chat')
      .setAudience('jitsi')
      .setSubject(this.settings.appId)
      .setNotBefore(epochSeconds(window.opensAt))
      .setExpirationTime(epochSeconds(window.closesAt))
      .sign(await this.key);
    return `https://8x8.vc/${this.settings.appId}/${room}?jwt=${token}`;
  }
}

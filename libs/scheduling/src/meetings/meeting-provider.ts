import { randomBytes } from 'node:crypto';

/** Who is joining: an id and a first name only, never a full name, phone or address. */
export interface JoinIdentity {
  userId: string;
  firstName: string;
  /** Staff moderate and bypass the lobby; clients and guests wait in it. */
  moderator: boolean;
}

/** The instants a token is valid between (`nbf` / `exp`). */
export interface JoinWindow {
  opensAt: Date;
  closesAt: Date;
}

export type MeetingProviderName = 'jitsi' | 'jaas' | 'static';

/** Where video visits meet. Implementations: self-hosted Jitsi (HS256), 8x8 JaaS (RS256), a static link. */
export interface MeetingProvider {
  readonly name: MeetingProviderName;
  /** The URL that takes this person into the room, with a token covering the join window where the provider uses one. */
  joinUrl(room: string, who: JoinIdentity, window: JoinWindow): Promise<string>;
}

/** A room name: 128 random bits as lowercase hex; no personal data, nothing guessable. */
export const newRoomName = (): string => randomBytes(16).toString('hex');

export const epochSeconds = (instant: Date) => Math.floor(instant.getTime() / 1000);

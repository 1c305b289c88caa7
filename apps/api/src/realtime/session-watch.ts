import { Injectable, Logger } from '@nestjs/common';
import type { Server, Socket } from 'socket.io';
import { SessionCheck } from '@attune/identity';
import { Clock } from '@attune/platform';
import { Presence } from './presence.js';
import { socketData } from './socket-data.js';

/**
 * Every SWEEP_MS each node re-checks the sessions of all its sockets in one query and closes those whose
 * session ended (signed out, refresh reuse, password reset, MFA now required, account disabled) or whose
 * token expired. Revocation also closes them at once through Redis; this is the net under that path,
 * and it keeps the node's users online in Presence. An expired token is found here too (within SWEEP_MS)
 * rather than by a timer per socket: thousands of idle sockets, one timer.
 */
export const SWEEP_MS = 2_000;

@Injectable()
export class SessionWatch {
  private readonly log = new Logger('realtime');
  private timer?: NodeJS.Timeout;
  private sweeping = false;

  constructor(
    private readonly sessions: SessionCheck,
    private readonly presence: Presence,
    private readonly clock: Clock,
  ) {}

  start(server: Server): void {
    this.timer = setInterval(() => void this.sweep(server), SWEEP_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async sweep(server: Server): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      const sockets = [...server.of('/').sockets.values()];
      const now = this.clock.now().getTime();
      sockets.filter((s) => socketData(s).expiresAtMs <= now).forEach((s) => end(s, 'expired'));
      const live = sockets.filter((s) => s.connected);
      const ended = new Set(await this.sessions.endedAmong([...new Set(live.map((s) => socketData(s).actor.sessionId))]));
      live.filter((s) => ended.has(socketData(s).actor.sessionId)).forEach((s) => end(s, 'revoked'));
      await this.presence.refresh(new Set(live.filter((s) => s.connected).map((s) => socketData(s).actor.userId)));
    } catch (error) {
      this.log.warn({ error: error instanceof Error ? error.message : String(error) }, 'session sweep failed; retrying');
    } finally {
      this.sweeping = false;
    }
  }
}

function end(socket: Socket, reason: 'revoked' | 'expired'): void {
  if (!socket.connected) return;
  socket.emit('session.ended', { reason });
  socket.disconnect(true);
}

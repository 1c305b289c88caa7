import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.js';
import { closeRedis, connectRedis } from '../redis/redis.js';
import type { ServerEventName, ServerEventPayload, ServerToClientEvents } from './realtime-events.js';

/** The Redis key the adapter of every api node and this emitter share (per REDIS_PREFIX, so tests are apart). */
export const socketIoKey = (redisPrefix: string) => `${redisPrefix}socket.io`;

/**
 * Emits to sockets on every api node through Redis (@socket.io/redis-emitter): the one way any process —
 * an api service after its commit, or the worker — reaches sockets. Persist first, then emit: an emit is a
 * fast path, the rows are the record, and a client that missed it replays from PostgreSQL by cursor.
 */
@Injectable()
export class Realtime implements OnApplicationShutdown {
  private redis?: Redis;
  private emitter?: Emitter<ServerToClientEvents>;

  constructor(private readonly config: AppConfig) {}

  /** Emit to the union of these rooms (a socket in two of them gets it once). */
  to(rooms: string | string[]): { emit<E extends ServerEventName>(event: E, payload: ServerEventPayload<E>): void } {
    const target = this.connect().to(rooms);
    return {
      emit: (event, payload) => {
        // socket.io's typed emit wants the exact tuple; the map above already fixed the payload type.
        (target.emit as (event: string, payload: unknown) => boolean)(event, payload);
      },
    };
  }

  /** Make these users' sockets leave rooms (team handoff, consent withdrawn) on every node. */
  leave(userRoom: string, rooms: string | string[]): void {
    this.connect().in(userRoom).socketsLeave(rooms);
  }

  /** Make these users' sockets join rooms (new team member) on every node. */
  join(userRoom: string, rooms: string | string[]): void {
    this.connect().in(userRoom).socketsJoin(rooms);
  }

  /** Close every socket in a room (revoked session, ended access) on every node. */
  disconnect(room: string): void {
    this.connect().in(room).disconnectSockets(true);
  }

  private connect(): Emitter<ServerToClientEvents> {
    if (!this.emitter) {
      this.redis = connectRedis(this.config.redis.url, 'attune-realtime-emitter');
      this.emitter = new Emitter<ServerToClientEvents>(this.redis, { key: socketIoKey(this.config.redisPrefix) });
    }
    return this.emitter;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.redis) await closeRedis(this.redis);
  }
}

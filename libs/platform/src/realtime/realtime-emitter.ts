import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.js';
import { closeRedis, connectRedis } from '../redis/redis.js';
import type { ServerEventName, ServerEventPayload } from './realtime-events.js';

/** The Redis key the adapter of every api node and this emitter share (per REDIS_PREFIX, so tests are apart). */
export const socketIoKey = (redisPrefix: string) => `${redisPrefix}socket.io`;

/**
 * What Realtime emits through: the redis-emitter, or an api node's own socket.io server (same rooms, same
 * Redis adapter). Both have this shape; socket.io's own types differ between its copies, so only the shape.
 */
export interface RoomBroadcaster {
  to(rooms: string | string[]): { emit(event: string, ...payload: unknown[]): unknown };
  in(room: string): { socketsJoin(rooms: string | string[]): void; socketsLeave(rooms: string | string[]): void; disconnectSockets(close?: boolean): void };
}

/**
 * Emits to sockets on every api node: the one way any process — an api service after its commit, or the
 * worker — reaches sockets. Persist first, then emit: an emit is a fast path, the rows are the record, and a
 * client that missed it replays from PostgreSQL by cursor.
 *
 * In an api node the gateway hands over its socket.io server (`deliverThrough`): this node's sockets get a
 * packet in the same tick, and the other nodes through the Redis adapter, as from the emitter. Without a
 * server (the worker, or before the gateway is up), @socket.io/redis-emitter publishes to every node;
 * through the emitter, the emitting node itself would wait for its own packet to come back from Redis.
 */
@Injectable()
export class Realtime implements OnApplicationShutdown {
  private redis?: Redis;
  private emitter?: Emitter;
  private server?: RoomBroadcaster;

  constructor(private readonly config: AppConfig) {}

  /** This node's socket.io server (with the Redis adapter), or undefined when it closes. */
  deliverThrough(server: RoomBroadcaster | undefined): void {
    this.server = server;
  }

  /** Emit to the union of these rooms (a socket in two of them gets it once). */
  to(rooms: string | string[]): { emit<E extends ServerEventName>(event: E, payload: ServerEventPayload<E>): void } {
    const target = this.broadcaster().to(rooms);
    return {
      emit: (event, payload) => {
        target.emit(event, payload);
      },
    };
  }

  /** Make these users' sockets leave rooms (team handoff, consent withdrawn) on every node. */
  leave(userRoom: string, rooms: string | string[]): void {
    this.broadcaster().in(userRoom).socketsLeave(rooms);
  }

  /** Make these users' sockets join rooms (new team member) on every node. */
  join(userRoom: string, rooms: string | string[]): void {
    this.broadcaster().in(userRoom).socketsJoin(rooms);
  }

  /** Close every socket in a room (revoked session, ended access) on every node. */
  disconnect(room: string): void {
    this.broadcaster().in(room).disconnectSockets(true);
  }

  private broadcaster(): RoomBroadcaster {
    if (this.server) return this.server;
    if (!this.emitter) {
      this.redis = connectRedis(this.config.redis.url, 'attune-realtime-emitter');
      this.emitter = new Emitter(this.redis, { key: socketIoKey(this.config.redisPrefix) });
    }
    return this.emitter;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.redis) await closeRedis(this.redis);
  }
}

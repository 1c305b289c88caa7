import { Injectable } from '@nestjs/common';
import { AccessPolicy, CareTeamMembers } from '@attune/care';
import { isStaff, type Actor } from '@attune/identity';
import { AppConfig, Clock, Realtime, RedisConnection, Rooms } from '@attune/platform';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { SocketData } from './socket-data.js';
import { SocketRooms } from './socket-rooms.js';

/**
 * A user's sockets on any node, as one Redis hash per user (field = socket id). Each node refreshes
 * the expiry of its users' hashes every few seconds, so a node that dies takes its sockets offline
 * after PRESENCE_TTL_MS at most. A client's changes are told to their care team only; a staff member's
 * to each client whose current team they are on, with that team (the client's room).
 */
export const PRESENCE_TTL_MS = 15_000;

/*
 * One atomic command each, not a MULTI: a socket burst runs one per socket, and an ioredis MULTI (a
 * pipeline, a command object and a promise per command) left about 15 KB of garbage per connection.
 * Each answers {added or removed, the user's sockets now}.
 */
const CONNECTED = `local added = redis.call('HSET', KEYS[1], ARGV[1], '1')
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return {added, redis.call('HLEN', KEYS[1])}`;
const DISCONNECTED = `local removed = redis.call('HDEL', KEYS[1], ARGV[1])
return {removed, redis.call('HLEN', KEYS[1])}`;

export interface PresenceView {
  userId: string;
  online: boolean;
}

@Injectable()
export class Presence {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly redis: RedisConnection,
    private readonly config: AppConfig,
    private readonly realtime: Realtime,
    private readonly policy: AccessPolicy,
    private readonly clock: Clock,
    private readonly rooms: SocketRooms,
  ) {}

  async connected(socketId: string, data: SocketData): Promise<void> {
    const [added, count] = (await this.redis.client.eval(CONNECTED, 1, this.key(data.actor.userId), socketId, PRESENCE_TTL_MS)) as [number, number];
    if (added === 1 && count === 1) await this.tell(data, true);
  }

  async disconnected(socketId: string, data: SocketData): Promise<void> {
    const [removed, count] = (await this.redis.client.eval(DISCONNECTED, 1, this.key(data.actor.userId), socketId)) as [number, number];
    if (removed === 1 && count === 0) await this.tell(data, false);
  }

  /** Keeps this node's users online (called by the gateway's periodic sweep). */
  async refresh(userIds: Iterable<string>): Promise<void> {
    const pipeline = this.redis.client.pipeline();
    for (const userId of userIds) pipeline.pexpire(this.key(userId), PRESENCE_TTL_MS);
    await pipeline.exec();
  }

  /** Who of the client's team (and, for staff, the client) is online: read under `team:read`. */
  async ofTeam(actor: Actor, clientId: string): Promise<PresenceView[]> {
    const access = await this.policy.require(actor, clientId, 'team:read', { action: 'presence.read' });
    const members = await CareTeamMembers.activeFor(this.db.manager, access.organizationId, [clientId], this.clock.now());
    const userIds = [...new Set([...(isStaff(actor) ? [access.clientUserId] : []), ...members.map((m) => m.userId)])];
    const pipeline = this.redis.client.pipeline();
    userIds.forEach((id) => pipeline.exists(this.key(id)));
    const results = (await pipeline.exec()) ?? [];
    return userIds.map((userId, i) => ({ userId, online: results[i]?.[1] === 1 }));
  }

  private async tell(data: SocketData, online: boolean): Promise<void> {
    const rooms = await this.audience(data);
    if (rooms.length === 0) return;
    this.realtime.to(rooms).emit('presence.changed', { userId: data.actor.userId, online, at: this.clock.now().toISOString() });
  }

  /**
   * Who may see this user come and go: a client's team; a staff member's clients with their teams. Read
   * now, not from the socket: teams may have changed since it connected.
   */
  private async audience(data: SocketData): Promise<string[]> {
    if (data.clientId) return [Rooms.careTeam(data.clientId)];
    if (!isStaff(data.actor)) return [];
    return (await this.rooms.teamClientIds(data.actor)).map((clientId) => Rooms.client(clientId));
  }

  private key(userId: string): string {
    return `${this.config.redisPrefix}presence:${userId}`;
  }
}

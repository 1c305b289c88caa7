import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ConnectionOptions as BullConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.js';

const OPTIONS = {
  maxRetriesPerRequest: null, // BullMQ requires it; others just wait for Redis to come back
  enableReadyCheck: true,
};

/** Options BullMQ connects with itself (so it also closes what it opened). */
export function bullConnection(url: string, name: string): BullConnectionOptions {
  return { url, connectionName: name, ...OPTIONS };
}

export function connectRedis(url: string, name: string): Redis {
  return reportOutages(new Redis(url, { connectionName: name, ...OPTIONS }), name);
}

/**
 * ioredis retries for ever (what we want) and emits an error on every failed attempt: say once that Redis
 * is away and once that it is back, instead of an unhandled error per retry.
 */
export function reportOutages<T extends Pick<Redis, 'on'>>(emitter: T, name: string): T {
  const log = new Logger('redis');
  let away = false;
  emitter.on('error', (error: Error) => {
    if (away) return;
    away = true;
    log.warn({ connection: name, error: error.message }, 'Redis does not answer; retrying');
  });
  emitter.on('ready', () => {
    if (!away) return;
    away = false;
    log.log({ connection: name }, 'Redis answers again');
  });
  return emitter;
}

/** How long a close waits for a connection still being opened (its queued commands then complete). */
const CLOSE_WAIT_FOR_CONNECT_MS = 1_000;

/**
 * QUIT when connected. A connection still opening gets a moment to finish, so the commands queued on it
 * (a socket.io adapter subscribes at once, without handling a failure) complete instead of rejecting
 * with "Connection is closed"; a process stopped just after it started would otherwise report them as
 * unhandled. Otherwise drop the connection at once (a QUIT queued for a Redis that is away would keep a
 * reconnect timer, and the process, alive).
 */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'connecting' || client.status === 'connect') await settled(client, CLOSE_WAIT_FOR_CONNECT_MS);
  if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
  else client.disconnect();
}

/** Resolves when the client is ready, has failed, or `limitMs` passed: whichever is first. */
function settled(client: Redis, limitMs: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      for (const event of ['ready', 'error', 'end'] as const) client.off(event, done);
      resolve();
    };
    const timer = setTimeout(done, limitMs);
    for (const event of ['ready', 'error', 'end'] as const) client.once(event, done);
  });
}

/** The shared Redis connection (rate limits, health). BullMQ opens its own with the options it needs. */
@Injectable()
export class RedisConnection implements OnApplicationShutdown {
  readonly client: Redis;

  constructor(config: AppConfig) {
    this.client = connectRedis(config.redis.url, 'attune');
  }

  async onApplicationShutdown(): Promise<void> {
    await closeRedis(this.client);
  }
}

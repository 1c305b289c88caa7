import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
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
  return new Redis(url, { connectionName: name, ...OPTIONS });
}

/** The shared Redis connection (rate limits, health). BullMQ opens its own with the options it needs. */
@Injectable()
export class RedisConnection implements OnApplicationShutdown {
  readonly client: Redis;

  constructor(config: AppConfig) {
    this.client = connectRedis(config.redis.url, 'attune');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }
}

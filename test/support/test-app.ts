import 'reflect-metadata';
import { Writable } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig, Clock, FixedClock, RedisConnection } from '@attune/platform';
import { createTestDatabase, testConfig, type TestDatabase } from '@attune/testing';
import { createHttpApplication } from '../../apps/api/src/configure-http.js';
import { AttuneModule } from '../../apps/attune/src/attune.module.js';

export interface TestApp {
  app: NestFastifyApplication;
  /** Base URL for supertest: request(t.url) */
  url: string;
  config: AppConfig;
  db: DataSource;
  clock: FixedClock;
  /** Every log line written so far (the canary test searches them). */
  logs: string[];
  database: TestDatabase;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** Run the worker's job processors in the same process (default true). */
  worker?: boolean;
  /** Start the clock here; it only moves when the test moves it. Defaults to the real now. */
  now?: Date;
}

/** Boots a real Attune (api + worker) on its own database and Redis prefix, listening on a free port. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = testConfig(database.url, options.env);
  const clock = new FixedClock(options.now ?? new Date());
  const logs: string[] = [];
  const logDestination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(chunk.toString());
      callback();
    },
  });
  const root = AttuneModule.forRoot({ config, clock, logDestination, api: true, worker: options.worker ?? true });
  const app = await createHttpApplication(root, config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    config,
    db: app.get<DataSource>(getDataSourceToken()),
    clock,
    logs,
    database,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

/** Everything this test app's Redis prefix holds, as one string (the canary test searches it). */
export async function dumpRedis(t: TestApp): Promise<string> {
  const redis = t.app.get(RedisConnection).client;
  const keys = await redis.keys(`${t.config.redisPrefix}*`);
  const parts: string[] = [];
  for (const key of keys) {
    const type = await redis.type(key);
    if (type === 'string') parts.push(key, String(await redis.get(key)));
    else if (type === 'hash') parts.push(key, JSON.stringify(await redis.hgetall(key)));
    else if (type === 'list') parts.push(key, JSON.stringify(await redis.lrange(key, 0, -1)));
    else if (type === 'zset') parts.push(key, JSON.stringify(await redis.zrange(key, 0, -1)));
    else if (type === 'set') parts.push(key, JSON.stringify(await redis.smembers(key)));
    else if (type === 'stream') parts.push(key, JSON.stringify(await redis.xrange(key, '-', '+')));
  }
  return parts.join('\n');
}

export { Clock };

import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { IdentityKeys, SecurityLog, SignInThrottle, TooManyAttempts } from '@attune/identity';
import { connectRedis, type RedisConnection } from '@attune/platform';
import type { TestApp } from '../support/test-app.js';
import { startIdentityApp, stopIdentityApp } from './support.js';

/** A port nothing listens on: Redis is "down" for real, not mocked. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('sign-in limits while Redis is unreachable', () => {
  let t: TestApp;
  let throttle: SignInThrottle;
  let redis: RedisConnection;
  beforeAll(async () => {
    t = await startIdentityApp();
    redis = {
      client: connectRedis(`redis://127.0.0.1:${await deadPort()}`, 'attune-dead'),
    } as RedisConnection;
    redis.client.on('error', () => undefined); // refused connections are the point of this test
    throttle = new SignInThrottle(t.config, redis, t.app.get(IdentityKeys), t.app.get(SecurityLog));
  });
  afterAll(async () => {
    redis.client.disconnect();
    await stopIdentityApp(t);
  });

  it('falls back to counting in memory: still answers, still locks', async () => {
    const account = throttle.forEmail('someone@example.test');
    await throttle.refuseIfLocked(account);
    for (let i = 0; i < t.config.signInMaxFailures; i++) await throttle.recordFailure(account);
    await expect(throttle.refuseIfLocked(account)).rejects.toBeInstanceOf(TooManyAttempts);
    await throttle.recordSuccess(account);
    await throttle.refuseIfLocked(account);
  });
});

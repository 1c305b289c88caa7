import { once } from 'node:events';
import { describe, expect, it } from '@jest/globals';
import { closeRedis, connectRedis } from '@attune/platform';
import { TEST_REDIS_URL } from '@attune/testing';

/**
 * A process stopped just after it started: its Redis connections are still opening, with commands queued
 * on them that nobody handles (a socket.io adapter subscribes that way). Closing must let those complete,
 * not fail them as "Connection is closed" (an unhandled rejection, and a crash under --unhandled-rejections).
 */
describe('closing a Redis connection', () => {
  it('lets the commands queued while it was still connecting complete', async () => {
    const client = connectRedis(TEST_REDIS_URL, 'attune-test-close');
    expect(client.status).toBe('connecting');
    const subscribed = client.subscribe(`redis-close-${process.pid}`).then(
      () => 'subscribed',
      (error: Error) => error.message,
    );
    await closeRedis(client);
    expect(await subscribed).toBe('subscribed');
    if (client.status !== 'end') await once(client, 'end');
  });

  it('drops a connection to a Redis that does not answer without waiting for it', async () => {
    const client = connectRedis('redis://127.0.0.1:1', 'attune-test-close-away');
    const started = performance.now();
    await closeRedis(client);
    if (client.status !== 'end') await once(client, 'end');
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

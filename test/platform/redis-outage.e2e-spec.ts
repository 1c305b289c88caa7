import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createClient, createOrganization, startPrivateRedis, type PrivateRedis } from '@attune/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Redis carries work; PostgreSQL holds the record. With Redis gone, readiness says so, and a client asking
 * for a sign-in code still gets an answer at once: the message row is stored and the reconciler sends it
 * when Redis is back.
 */
describe('Redis outage', () => {
  let redis: PrivateRedis;
  let t: TestApp;
  beforeAll(async () => {
    redis = await startPrivateRedis();
    t = await startTestApp({ worker: false, env: { REDIS_URL: redis.url } });
  });
  afterAll(async () => {
    await redis.restart(); // closing BullMQ connections needs a server to say goodbye to
    await t.close();
    await redis.stop();
  });

  it('reports not ready, keeps answering, and is ready again when Redis returns', async () => {
    const client = await createClient(t.db, await createOrganization(t.db));
    await request(t.url).get('/ready').expect(200);

    await redis.kill();
    const notReady = await request(t.url).get('/ready');
    expect(notReady.status).toBe(503);
    expect(notReady.body.error.redis.status).toBe('down');

    const started = Date.now();
    await request(t.url).post('/api/v1/auth/sign-in/code-request').send({ phone: client.phone }).expect(202);
    expect(Date.now() - started).toBeLessThan(5000);
    const [row] = await t.db.query(`SELECT status FROM outbound_message WHERE recipient_user_id = $1`, [client.userId]);
    expect(row.status).toBe('queued'); // the record exists; delivery waits for Redis

    await redis.restart();
    for (let i = 0; i < 100 && (await request(t.url).get('/ready')).status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 50)); // ioredis reconnects on its own schedule
    }
    await request(t.url).get('/ready').expect(200);
  }, 30_000);
});

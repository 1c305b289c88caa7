import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('health, readiness and errors', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers /health and /ready with PostgreSQL and Redis up', async () => {
    await request(t.url).get('/health').expect(200, { status: 'ok' });
    const ready = await request(t.url).get('/ready').expect(200);
    expect(ready.body.info.postgres.status).toBe('up');
    expect(ready.body.info.redis.status).toBe('up');
  });

  it('serves OpenAPI 3 at /api/docs-json', async () => {
    const doc = await request(t.url).get('/api/docs-json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
  });

  it('answers unknown routes with problem details', async () => {
    const res = await request(t.url).get('/api/v1/no-such-route').expect(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 404, title: 'Not found' });
    expect(res.body.correlationId).toBeDefined();
  });

  it('sends security headers', async () => {
    const res = await request(t.url).get('/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeDefined();
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createOrganization } from '@attune/testing';
import { GOOD_PASSWORD, newIp, post, staffWithPassword, startIdentityApp, stopIdentityApp } from '../identity/support.js';
import type { TestApp } from '../support/test-app.js';

interface LogLine {
  level: number;
  msg: string;
  context?: string;
  req?: { id: string; method?: string; url?: string };
  res?: { statusCode: number };
  responseTime?: number;
}

/**
 * The request log: one completion line per request (id, method, path without its query, status, time), and
 * the request's id on every line logged while serving it — the id problem details and the audit trail carry.
 */
describe('request log', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startIdentityApp();
  });
  afterAll(async () => {
    await stopIdentityApp(t);
  });

  const lines = (): LogLine[] =>
    t.logs
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
  const linesOf = (requestId: string) => lines().filter((line) => line.req?.id === requestId);

  it('writes one completion line per request, without the query string', async () => {
    const path = `/api/v1/clients/${randomUUID()}`;
    const res = await request(t.url).get(`${path}?email=query-canary@example.test&phone=%2B15550001234`).expect(401);
    const requestId: string = res.body.correlationId;
    expect(requestId).toEqual(expect.any(String));

    expect(linesOf(requestId)).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'request completed',
        req: { id: requestId, method: 'GET', url: path },
        res: { statusCode: 401 },
        responseTime: expect.any(Number),
      }),
    ]);
    expect(t.logs.join('')).not.toContain('query-canary');
    expect(t.logs.join('')).not.toContain('15550001234');

    const unknown = await request(t.url).get('/nowhere?name=x').expect(404);
    expect(linesOf(unknown.body.correlationId)).toEqual([expect.objectContaining({ req: expect.objectContaining({ url: '/nowhere' }), res: { statusCode: 404 } })]);
  });

  it('stamps lines logged inside a request with the id the audit trail records', async () => {
    const staff = await staffWithPassword(t, await createOrganization(t.db));
    const failures: string[] = [];
    for (let i = 0; i < t.config.signInMaxFailures; i++) {
      const failed = await post(t, '/auth/sign-in', { email: staff.email, password: 'Not-the-password-1' }, newIp()).expect(401);
      failures.push(failed.body.correlationId);
    }
    // Checking a password takes milliseconds: the time is measured, not left at 0.
    expect(linesOf(failures[0])).toEqual([expect.objectContaining({ msg: 'request completed', responseTime: expect.any(Number) })]);
    expect(linesOf(failures[0])[0].responseTime).toBeGreaterThan(0);
    const limited = await post(t, '/auth/sign-in', { email: staff.email, password: GOOD_PASSWORD }, newIp()).expect(429);
    const requestId: string = limited.body.correlationId;

    const [audited] = await t.db.query(`SELECT request_id FROM audit_event WHERE action = 'auth.rate_limited' ORDER BY id DESC LIMIT 1`);
    expect(audited.request_id).toBe(requestId);
    expect(linesOf(requestId)).toEqual([
      expect.objectContaining({ level: 40, context: 'sign-in-throttle', msg: 'sign-in attempts limited', req: { id: requestId } }),
      expect.objectContaining({ msg: 'request completed', res: { statusCode: 429 } }),
    ]);
  });

  it('leaves lines logged outside any request without a request id', () => {
    const started = lines().find((line) => line.msg === 'Nest application successfully started');
    expect(started).toBeDefined();
    expect(started!.req).toBeUndefined();
  });
});

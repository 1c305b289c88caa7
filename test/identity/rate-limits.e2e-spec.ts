import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createClient, createOrganization, fakePhone, type Org } from '@attune/testing';
import { dumpRedis, type TestApp } from '../support/test-app.js';
import {
  GOOD_PASSWORD,
  newIp,
  post,
  staffWithPassword,
  startIdentityApp,
  stopIdentityApp,
} from './support.js';

const WRONG = 'Not-the-password-1';

describe('sign-in rate limits', () => {
  let t: TestApp;
  let org: Org;
  let max: number;
  beforeAll(async () => {
    t = await startIdentityApp();
    org = await createOrganization(t.db);
    max = t.config.signInMaxFailures;
  });
  afterAll(async () => {
    await stopIdentityApp(t);
  });

  it(`locks an account after its failures, from any address, even for the right password`, async () => {
    const staff = await staffWithPassword(t, org);
    for (let i = 0; i < max; i++)
      await post(t, '/auth/sign-in', { email: staff.email, password: WRONG }, newIp()).expect(401);
    const res = await post(
      t,
      '/auth/sign-in',
      { email: staff.email, password: GOOD_PASSWORD },
      newIp(),
    ).expect(429);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 429, title: 'Too many requests' });
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(t.config.durations.signInFailureWindow);
  });

  it('locks unknown emails the same way (the limit reveals nothing)', async () => {
    for (let i = 0; i < max; i++)
      await post(t, '/auth/sign-in', { email: 'ghost@example.test', password: WRONG }, newIp()).expect(401);
    await post(t, '/auth/sign-in', { email: 'ghost@example.test', password: WRONG }, newIp()).expect(429);
  });

  it('locks an address after its failures, whichever emails it tries', async () => {
    const ip = newIp();
    for (let i = 0; i < max; i++)
      await post(t, '/auth/sign-in', { email: `guess-${i}@example.test`, password: WRONG }, ip).expect(401);
    const staff = await staffWithPassword(t, org);
    await post(t, '/auth/sign-in', { email: staff.email, password: GOOD_PASSWORD }, ip).expect(429);
    await post(t, '/auth/sign-in', { email: staff.email, password: GOOD_PASSWORD }, newIp()).expect(200);
  });

  it('clears the account’s failures when it signs in', async () => {
    const staff = await staffWithPassword(t, org);
    for (let i = 0; i < max - 1; i++)
      await post(t, '/auth/sign-in', { email: staff.email, password: WRONG }, newIp()).expect(401);
    await post(t, '/auth/sign-in', { email: staff.email, password: GOOD_PASSWORD }, newIp()).expect(200);
    for (let i = 0; i < max - 1; i++)
      await post(t, '/auth/sign-in', { email: staff.email, password: WRONG }, newIp()).expect(401);
    await post(t, '/auth/sign-in', { email: staff.email, password: GOOD_PASSWORD }, newIp()).expect(200);
  });

  it('counts wrong texted codes per phone', async () => {
    const client = await createClient(t.db, org);
    for (let i = 0; i < max; i++)
      await post(t, '/auth/sign-in/code', { phone: client.phone, code: '000000' }, newIp()).expect(401);
    await post(t, '/auth/sign-in/code', { phone: client.phone, code: '000000' }, newIp()).expect(429);
  });

  it('counts every code request per phone and per address', async () => {
    const client = await createClient(t.db, org);
    for (let i = 0; i < max; i++)
      await post(t, '/auth/sign-in/code-request', { phone: client.phone }, newIp()).expect(202);
    const res = await post(t, '/auth/sign-in/code-request', { phone: client.phone }, newIp()).expect(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);

    const ip = newIp();
    for (let i = 0; i < max; i++)
      await post(t, '/auth/sign-in/code-request', { phone: fakePhone() }, ip).expect(202);
    await post(t, '/auth/sign-in/code-request', { phone: fakePhone() }, ip).expect(429);
  });

  it('counts password reset requests per email', async () => {
    const staff = await staffWithPassword(t, org);
    for (let i = 0; i < max; i++)
      await post(t, '/auth/password-reset/request', { email: staff.email }, newIp()).expect(202);
    await post(t, '/auth/password-reset/request', { email: staff.email }, newIp()).expect(429);
  });

  it('counts wrong reset and invitation links per address', async () => {
    const ip = newIp();
    for (let i = 0; i < max; i++) {
      const path = i % 2 ? '/auth/password-reset/confirm' : '/auth/invitations/accept';
      const body =
        i % 2
          ? { token: 'C'.repeat(43), newPassword: GOOD_PASSWORD }
          : { token: 'C'.repeat(43), password: GOOD_PASSWORD };
      await post(t, path, body, ip).expect(401);
    }
    await post(
      t,
      '/auth/password-reset/confirm',
      { token: 'C'.repeat(43), newPassword: GOOD_PASSWORD },
      ip,
    ).expect(429);
  });

  it('keeps emails, phones and addresses out of Redis keys and values', async () => {
    const staff = await staffWithPassword(t, org);
    const client = await createClient(t.db, org);
    const ip = '10.200.201.202';
    await post(t, '/auth/sign-in', { email: staff.email, password: WRONG }, ip).expect(401);
    await post(t, '/auth/sign-in/code-request', { phone: client.phone }, ip).expect(202);
    const redis = await dumpRedis(t);
    expect(redis).toContain(':rl:fail:');
    expect(redis).toContain(':rl:send:');
    expect(redis).not.toContain(staff.email!);
    expect(redis).not.toContain(client.phone!.slice(2));
    expect(redis).not.toContain(ip);
  });
});

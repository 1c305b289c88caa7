import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import request from 'supertest';
import { PasswordHasher } from '@attune/identity';
import { RedisConnection } from '@attune/platform';
import { createOrganization, createStaff, type Org, type Person } from '@attune/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** A password every rule accepts. */
export const GOOD_PASSWORD = 'Blue-kettle-morning-42';

/**
 * A test app without the worker: outbound messages stay 'queued' with their body, which is where these
 * tests read codes and links (the senders are built and tested elsewhere).
 */
export async function startIdentityApp(env: Record<string, string> = {}): Promise<TestApp> {
  return startTestApp({ worker: false, env });
}

/** Stops the app and removes this file's rate-limit and queue keys (its own prefix only). */
export async function stopIdentityApp(t: TestApp): Promise<void> {
  const redis = t.app.get(RedisConnection).client;
  const keys = await redis.keys(`${t.config.redisPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await t.close();
}

/** A fresh client address, so one test's failures never count against another's (trustProxy is on). */
export function newIp(): string {
  const b = randomBytes(3);
  return `10.${b[0]}.${b[1]}.${b[2]}`;
}

/** POSTs JSON from a given address. */
export function post(t: TestApp, path: string, body: object, ip = newIp()) {
  return request(t.url).post(`/api/v1${path}`).set('X-Forwarded-For', ip).send(body);
}

export function get(t: TestApp, path: string, accessToken?: string) {
  const req = request(t.url).get(`/api/v1${path}`);
  return accessToken ? req.set('Authorization', `Bearer ${accessToken}`) : req;
}

export async function passwordHash(t: TestApp, password = GOOD_PASSWORD): Promise<string> {
  return t.app.get(PasswordHasher).hash(password);
}

/** An active staff member who signs in with GOOD_PASSWORD. */
export async function staffWithPassword(
  t: TestApp,
  org?: Org,
  role: 'clinician' | 'admin' | 'supervisor' | 'peer_coach' | 'case_manager' = 'clinician',
): Promise<Person> {
  return createStaff(t.db, org ?? (await createOrganization(t.db)), role, {
    passwordHash: await passwordHash(t),
  });
}

/** The newest message staged for a person (xmin orders rows written at the same FixedClock instant). */
export async function latestMessage(
  t: TestApp,
  userId: string,
): Promise<{ channel: string; toAddress: string; subject: string | null; body: string }> {
  const [row] = await t.db.query<
    { channel: string; to_address: string; subject: string | null; body: string }[]
  >(
    `SELECT channel, to_address, subject, body FROM outbound_message WHERE recipient_user_id = $1
      ORDER BY created_at DESC, xmin::text::bigint DESC LIMIT 1`,
    [userId],
  );
  if (!row) throw new Error('no message staged for this person');
  return { channel: row.channel, toAddress: row.to_address, subject: row.subject, body: row.body };
}

export async function messageCount(t: TestApp, userId: string): Promise<number> {
  const [row] = await t.db.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM outbound_message WHERE recipient_user_id = $1`,
    [userId],
  );
  return row.n;
}

export const codeIn = (body: string) => /code is (\d{6})\b/.exec(body)?.[1] ?? '';
export const tokenIn = (body: string) => /[?&]token=([A-Za-z0-9_-]+)/.exec(body)?.[1] ?? '';

/** The code an authenticator app with this seed shows at the test clock's instant. */
export function totpCode(t: TestApp, secret: string): string {
  return new TOTP({ secret: Secret.fromBase32(secret), period: 30, digits: 6 }).generate({
    timestamp: t.clock.now().getTime(),
  });
}

/** A six-digit code that is surely not the right one. */
export function otherCode(right: string): string {
  return String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
}

/** Audit rows written by identity, oldest first. */
export async function securityEvents(t: TestApp, since = 0): Promise<Record<string, unknown>[]> {
  return t.db.query<Record<string, unknown>[]>(
    `SELECT * FROM audit_event WHERE action LIKE 'auth.%' AND id > $1 ORDER BY id`,
    [since],
  );
}

export async function lastAuditId(t: TestApp): Promise<number> {
  const [row] = await t.db.query<{ id: number }[]>(`SELECT coalesce(max(id), 0)::int AS id FROM audit_event`);
  return row.id;
}

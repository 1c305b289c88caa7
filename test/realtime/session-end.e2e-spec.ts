import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createOrganization, type Org, type Person } from '@attune/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { GOOD_PASSWORD, latestMessage, post, staffWithPassword, stopIdentityApp, tokenIn } from '../identity/support.js';
import { api } from './support/http.js';
import { call, connect, disconnected, next, type TestSocket } from './support/sockets.js';

interface Pair {
  accessToken: string;
  refreshToken: string;
}

/**
 * Live sockets end when the identity flows end their sessions, driven through the real HTTP routes: each
 * ended socket gets `session.ended` and is then disconnected within 5 s (at once, or by the periodic re-check).
 */
describe('sockets of ended sessions', () => {
  let t: TestApp;
  let org: Org;
  const open: TestSocket[] = [];
  const socket = async (token: string) => {
    const s = await connect(t.url, token);
    open.push(s);
    return s;
  };
  const signIn = async (person: Person): Promise<Pair> => (await post(t, '/auth/sign-in', { email: person.email, password: GOOD_PASSWORD }).expect(200)).body as Pair;

  /** Resolves once the socket got `session.ended` (revoked) and was then disconnected by the server, both within 5 s. */
  const endsWithin5s = async (s: TestSocket) => {
    const order: string[] = [];
    s.once('session.ended', () => order.push('session.ended'));
    s.once('disconnect', () => order.push('disconnect'));
    const [ended, reason] = await Promise.all([next(s, 'session.ended', undefined, 5_000), disconnected(s, 5_000)]);
    expect({ ended, reason, order }).toEqual({ ended: { reason: 'revoked' }, reason: 'io server disconnect', order: ['session.ended', 'disconnect'] });
  };

  /** The socket still answers and its token still works. */
  const staysUp = async (s: TestSocket, token: string) => {
    expect(await call(s, 'messages.sync', { after: '0' })).toMatchObject({ ok: true });
    expect(s.connected).toBe(true);
    await api(t, token).get('/auth/me').expect(200);
  };

  beforeAll(async () => {
    t = await startTestApp({ worker: false });
    org = await createOrganization(t.db);
  });
  afterAll(async () => {
    open.forEach((s) => s.close());
    await stopIdentityApp(t);
  });

  it("a reused refresh token ends its session's sockets (old and new access tokens); another device stays up", async () => {
    const staff = await staffWithPassword(t, org);
    const first = await signIn(staff);
    const otherDevice = await signIn(staff);
    const before = await socket(first.accessToken);
    const elsewhere = await socket(otherDevice.accessToken);
    t.clock.advance(60);
    const rotated = (await post(t, '/auth/refresh', { refreshToken: first.refreshToken }).expect(200)).body as Pair;
    const after = await socket(rotated.accessToken);
    const ends = Promise.all([endsWithin5s(before), endsWithin5s(after)]);

    await post(t, '/auth/refresh', { refreshToken: first.refreshToken }).expect(401); // the used token again: reuse

    await ends;
    await staysUp(elsewhere, otherDevice.accessToken);
  });

  it("a password reset ends every socket of that user; another user's socket stays up", async () => {
    const staff = await staffWithPassword(t, org);
    const colleague = await staffWithPassword(t, org);
    const phone = await signIn(staff);
    const laptop = await signIn(staff);
    const colleagueSession = await signIn(colleague);
    const sockets = [await socket(phone.accessToken), await socket(phone.accessToken), await socket(laptop.accessToken)];
    const bystander = await socket(colleagueSession.accessToken);
    await post(t, '/auth/password-reset/request', { email: staff.email }).expect(202);
    const link = tokenIn((await latestMessage(t, staff.userId)).body);
    const ends = Promise.all(sockets.map(endsWithin5s));

    await post(t, '/auth/password-reset/confirm', { token: link, newPassword: 'Quiet-harbour-lantern-7' }).expect(204);

    await ends;
    await staysUp(bystander, colleagueSession.accessToken);
  });
});

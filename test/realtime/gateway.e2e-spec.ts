import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { io } from 'socket.io-client';
import { Realtime, Rooms } from '@attune/platform';
import { createStaff, tokenFor } from '@attune/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { api } from './support/http.js';
import { call, connect, disconnected, next, refused, type AckReply, type TestSocket } from './support/sockets.js';
import { createTeam, sessionOf, teamThread, type Team } from './support/world.js';

/** The gateway on one node: authentication, rooms, validation, revocation, presence. */
describe('socket gateway', () => {
  let t: TestApp;
  let team: Team;
  let other: Team;
  const open: TestSocket[] = [];
  const socket = async (token: string) => {
    const s = await connect(t.url, token);
    open.push(s);
    return s;
  };

  beforeAll(async () => {
    t = await startTestApp({ worker: false });
    team = await createTeam(t);
    other = await createTeam(t, team.client.organizationId);
  });
  afterAll(async () => {
    open.forEach((s) => s.close());
    await t.close();
  });

  it('refuses a connection without a token, with a bad token and with a signed-out session', async () => {
    expect((await refused(t.url, undefined)).data?.status).toBe(401);
    expect((await refused(t.url, 'not-a-token')).data?.status).toBe(401);
    const token = await tokenFor(t.app, t.db, team.caseManager);
    await api(t, token).post('/auth/sign-out').expect(204);
    const error = await refused(t.url, token);
    expect(error.data?.status).toBe(401);
    expect(error.message).toMatch(/session/);
  });

  it('refuses a browser from an origin that is not on the allow-list', async () => {
    const s = io(t.url, { auth: { token: team.tokens.clinician }, transports: ['polling'], reconnection: false, forceNew: true, extraHeaders: { origin: 'https://evil.example' } });
    const error = await new Promise<Error>((resolve) => s.once('connect_error', resolve));
    s.close();
    expect(error.message).toMatch(/xhr poll error|403|Forbidden/i);
  });

  it("puts staff in their clients' care-team rooms and the client in their own client room only", async () => {
    const clinician = await socket(team.tokens.clinician);
    const peerCoach = await socket(team.tokens.peerCoach);
    const client = await socket(team.tokens.client);
    const outsider = await socket(other.tokens.clinician);
    const realtime = t.app.get(Realtime);
    const got: string[] = [];
    client.on('alert.raised', () => got.push('client'));
    outsider.on('alert.raised', () => got.push('outsider'));
    const alert = { alertId: crypto.randomUUID(), clientId: team.client.clientId, rule: 'craving_high', severity: 'warning' as const, status: 'open' as const, raisedAt: new Date().toISOString() };
    const both = Promise.all([next(clinician, 'alert.raised'), next(peerCoach, 'alert.raised')]);
    realtime.to(Rooms.careTeam(team.client.clientId)).emit('alert.raised', alert);
    await both;
    // A later event to the others' own rooms: once it is in, the alert (sent before it) would have been too.
    const barrier = { notificationId: 'barrier', kind: 'test', at: new Date().toISOString() };
    const later = Promise.all([next(client, 'notification.new'), next(outsider, 'notification.new')]);
    realtime.to([Rooms.user(team.client.userId), Rooms.user(other.clinician.userId)]).emit('notification.new', barrier);
    await later;
    expect(got).toEqual([]);
  });

  it('refuses a bad payload on every inbound event with a 422 acknowledgement naming the field, and the socket stays up', async () => {
    const s = await socket(team.tokens.clinician);
    const bad: Record<string, unknown[]> = {
      'message.send': [{ threadId: 'nope', clientMessageId: 'a', body: 'x' }, { threadId: crypto.randomUUID(), clientMessageId: 'a' }, { threadId: crypto.randomUUID(), clientMessageId: 'a', body: 'x', extra: 1 }, 'text', null],
      'message.read': [{ threadId: crypto.randomUUID(), cursor: 'abc' }, {}, 42],
      'messages.sync': [{ after: '-1' }, { limit: 10_000 }, { after: 5 }, []],
      'presence.team': [{ clientId: 'x' }, {}],
    };
    for (const [event, payloads] of Object.entries(bad)) {
      for (const payload of payloads) {
        const reply = await call(s, event as 'message.send', payload);
        expect({ event, payload, reply: reply.ok ? 'ok' : reply.status }).toEqual({ event, payload, reply: 422 });
        if (!reply.ok) expect(reply.fields?.length).toBeGreaterThan(0);
      }
    }
    expect(s.connected).toBe(true);
    const reply = await call(s, 'messages.sync', { after: '0' });
    expect(reply.ok).toBe(true);
  });

  it('answers an event it does not accept with a 404 acknowledgement, and one sent without a payload with a 422', async () => {
    const s = await socket(team.tokens.clinician);
    const unknown = await call(s, 'no.such.event' as 'message.send', {});
    expect(unknown).toMatchObject({ ok: false, status: 404 });
    const bare = await new Promise<AckReply>((resolve) => (s as unknown as { emit(event: string, ack: (reply: AckReply) => void): void }).emit('messages.sync', resolve));
    expect(bare).toMatchObject({ ok: false, status: 422 });
    expect(s.connected).toBe(true);
  });

  it("a member of another team cannot post to or read the client's thread over the socket", async () => {
    const threadId = await teamThread(t, team);
    const outsider = await socket(other.tokens.clinician);
    const send = await call(outsider, 'message.send', { threadId, clientMessageId: 'probe-1', body: 'hello' });
    expect(send).toMatchObject({ ok: false, status: 403 });
    const read = await call(outsider, 'message.read', { threadId, cursor: '1' });
    expect(read).toMatchObject({ ok: false, status: 403 });
    const presence = await call(outsider, 'presence.team', { clientId: team.client.clientId });
    expect(presence).toMatchObject({ ok: false, status: 403 });
    expect(outsider.connected).toBe(true);
  });

  it('signing out ends the session on its sockets at once, with session.ended first', async () => {
    const token = await tokenFor(t.app, t.db, team.peerCoach);
    const s = await socket(token);
    const ended = next(s, 'session.ended');
    const gone = disconnected(s, 5_000);
    await api(t, token).post('/auth/sign-out').expect(204);
    expect(await ended).toEqual({ reason: 'revoked' });
    expect(await gone).toBe('io server disconnect');
  });

  it('a session revoked without a message (MFA enforcement) is closed by the periodic re-check within 5 s', async () => {
    const token = await tokenFor(t.app, t.db, team.caseManager);
    const s = await socket(token);
    const ended = next(s, 'session.ended', undefined, 5_000);
    await t.db.query(`UPDATE auth_session SET revoked_at = now(), revoked_reason = 'mfa_required' WHERE id = $1`, [sessionOf(token)]);
    expect(await ended).toEqual({ reason: 'revoked' });
    await disconnected(s, 5_000);
  });

  it('an expired access token closes its socket', async () => {
    const token = await tokenFor(t.app, t.db, team.clinician);
    const s = await socket(token);
    const ended = next(s, 'session.ended', undefined, 5_000);
    const past = t.config.durations.accessTokenTtl + 60;
    t.clock.advance(past);
    try {
      expect(await ended).toEqual({ reason: 'expired' });
    } finally {
      t.clock.advance(-past);
    }
  });

  it("moves a staff member's live sockets into and out of the client's rooms when the team changes", async () => {
    const newcomer = await createStaff(t.db, { id: team.client.organizationId }, 'peer_coach');
    const s = await socket(await tokenFor(t.app, t.db, newcomer));
    const admin = await tokenFor(t.app, t.db, (await createStaff(t.db, { id: team.client.organizationId }, 'admin')));
    const added = await api(t, admin).post(`/clients/${team.client.clientId}/care-team`, { staffUserId: newcomer.userId, teamRole: 'peer_coach' });
    expect(added.status).toBe(201);
    const realtime = t.app.get(Realtime);
    const alert = { alertId: crypto.randomUUID(), clientId: team.client.clientId, rule: 'use_reported', severity: 'warning' as const, status: 'open' as const, raisedAt: new Date().toISOString() };
    // socketsJoin goes through Redis like the alert; poll until the join has landed.
    await expect(eventually(() => {
      realtime.to(Rooms.careTeam(team.client.clientId)).emit('alert.raised', alert);
      return next(s, 'alert.raised', undefined, 500);
    })).resolves.toBeTruthy();

    t.clock.advance(60); // a membership ends after it starts
    await api(t, admin).post(`/clients/${team.client.clientId}/care-team/${added.body.membershipId}/end`, {}).expect(200);
    // Once the leave has landed, an alert to the team no longer reaches them; a message to their own room does.
    await expect(eventually(async () => {
      const got: string[] = [];
      const listener = () => got.push('alert');
      s.on('alert.raised', listener);
      realtime.to(Rooms.careTeam(team.client.clientId)).emit('alert.raised', alert);
      realtime.to(Rooms.user(newcomer.userId)).emit('notification.new', { notificationId: 'barrier', kind: 'test', at: new Date().toISOString() });
      await next(s, 'notification.new', undefined, 2_000);
      s.off('alert.raised', listener);
      if (got.length > 0) throw new Error('still in the care-team room');
      return true;
    })).resolves.toBe(true);
  });

  it("tells the care team (and nobody else) when the client comes online and goes offline; the team's view says who is online", async () => {
    const coach = await socket(team.tokens.peerCoach);
    const outsider = await socket(other.tokens.peerCoach);
    const seen: string[] = [];
    outsider.on('presence.changed', (p) => {
      if (p.userId === team.client.userId) seen.push('outsider');
    });
    const online = next(coach, 'presence.changed', (p) => p.userId === team.client.userId && p.online);
    const client = await connect(t.url, team.tokens.client);
    await online;
    const view = await api(t, team.tokens.clinician).get(`/clients/${team.client.clientId}/presence`).expect(200);
    expect(view.body).toEqual(expect.arrayContaining([{ userId: team.client.userId, online: true }, { userId: team.peerCoach.userId, online: true }]));
    const offline = next(coach, 'presence.changed', (p) => p.userId === team.client.userId && !p.online);
    client.close();
    await offline;
    const asClient = await api(t, team.tokens.client).get(`/clients/${team.client.clientId}/presence`).expect(200);
    expect(asClient.body.map((p: { userId: string }) => p.userId)).not.toContain(team.client.userId);
    expect(seen).toEqual([]);
  });
});

/** Retries an attempt that times out until it succeeds (for effects that travel through Redis). */
async function eventually<T>(attempt: () => Promise<T>, tries = 20): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (i >= tries) throw error;
    }
  }
}

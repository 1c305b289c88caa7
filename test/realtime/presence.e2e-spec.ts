import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Realtime, Rooms, type PresenceEvent } from '@attune/platform';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { api } from './support/http.js';
import { connect, next, type TestSocket } from './support/sockets.js';
import { createTeam, type Team } from './support/world.js';

/** A staff member's presence: told to the clients on their current teams (with those teams), nobody else. */
describe('staff presence', () => {
  let t: TestApp;
  let team: Team;
  let other: Team;
  const open: TestSocket[] = [];
  const socket = async (token: string) => {
    const s = await connect(t.url, token);
    open.push(s);
    return s;
  };
  const is = (userId: string, online: boolean) => (p: PresenceEvent) => p.userId === userId && p.online === online;
  /** Whoever watches `userId`'s presence on this socket, in the order it arrived. */
  const watch = (s: TestSocket, userId: string) => {
    const seen: boolean[] = [];
    s.on('presence.changed', (p) => {
      if (p.userId === userId) seen.push(p.online);
    });
    return seen;
  };
  /** Resolves once a later event to this user's own room is in: anything emitted before it would have been too. */
  const barrier = (s: TestSocket, userId: string) => {
    const arrived = next(s, 'notification.new', (n) => n.notificationId === 'barrier');
    t.app.get(Realtime).to(Rooms.user(userId)).emit('notification.new', { notificationId: 'barrier', kind: 'test', at: new Date().toISOString() });
    return arrived;
  };
  const teamView = async (token: string, clientId: string) => (await api(t, token).get(`/clients/${clientId}/presence`).expect(200)).body as { userId: string; online: boolean }[];

  beforeAll(async () => {
    t = await startTestApp({ worker: false });
    team = await createTeam(t);
    other = await createTeam(t, team.client.organizationId);
  });
  afterAll(async () => {
    open.forEach((s) => s.close());
    await t.close();
  });

  it("tells a client and their team when the client's peer coach comes online and goes offline; the client's team view agrees; another team's client hears nothing", async () => {
    const client = await socket(team.tokens.client);
    const colleague = await socket(team.tokens.clinician);
    const otherClient = await socket(other.tokens.client);
    const leaked = watch(otherClient, team.peerCoach.userId);

    const online = Promise.all([next(client, 'presence.changed', is(team.peerCoach.userId, true)), next(colleague, 'presence.changed', is(team.peerCoach.userId, true))]);
    const coach = await connect(t.url, team.tokens.peerCoach);
    await online;
    expect(await teamView(team.tokens.client, team.client.clientId)).toContainEqual({ userId: team.peerCoach.userId, online: true });

    const offline = Promise.all([next(client, 'presence.changed', is(team.peerCoach.userId, false)), next(colleague, 'presence.changed', is(team.peerCoach.userId, false))]);
    coach.close();
    await offline;
    expect(await teamView(team.tokens.client, team.client.clientId)).toContainEqual({ userId: team.peerCoach.userId, online: false });

    await barrier(otherClient, other.client.userId);
    expect(leaked).toEqual([]);
  });

  it('tells a second socket nothing new: online once for the first socket, offline once after the last', async () => {
    const client = await socket(team.tokens.client);
    const seen = watch(client, team.caseManager.userId);
    const first = await connect(t.url, team.tokens.caseManager);
    await next(client, 'presence.changed', is(team.caseManager.userId, true));
    const second = await connect(t.url, team.tokens.caseManager);
    first.close();
    const offline = next(client, 'presence.changed', is(team.caseManager.userId, false));
    second.close();
    await offline;
    expect(seen).toEqual([true, false]);
  });

  it('never tells a client about staff who are not on their team, nor lists them', async () => {
    const client = await socket(team.tokens.client);
    const otherClient = await socket(other.tokens.client);
    const seen = watch(client, other.peerCoach.userId);

    const online = next(otherClient, 'presence.changed', is(other.peerCoach.userId, true));
    const stranger = await connect(t.url, other.tokens.peerCoach);
    await online;
    const offline = next(otherClient, 'presence.changed', is(other.peerCoach.userId, false));
    stranger.close();
    await offline;

    await barrier(client, team.client.userId);
    expect(seen).toEqual([]);
    expect((await teamView(team.tokens.client, team.client.clientId)).map((p) => p.userId)).not.toContain(other.peerCoach.userId);
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RealtimeGateway } from '../../apps/api/src/realtime/realtime.gateway.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { call, connect, Inbox } from './support/sockets.js';
import { createTeam, teamThread, type Team } from './support/world.js';

/**
 * The client's transport is cut at the server in the middle of a burst of 100 messages from its peer
 * coach; the client reconnects by itself (a fresh, authenticated connection) and replays by cursor.
 */
describe('a transport cut in the middle of a burst', () => {
  let t: TestApp;
  let team: Team;

  beforeAll(async () => {
    t = await startTestApp({ worker: false });
    team = await createTeam(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('leaves the client with all 100 messages exactly once and in order', async () => {
    const threadId = await teamThread(t, team);
    const coach = await connect(t.url, team.tokens.peerCoach);
    const client = await connect(t.url, team.tokens.client, { reconnection: true });
    const inbox = new Inbox().attach(client);
    await inbox.sync();
    let reconnections = 0;
    client.io.on('reconnect', () => reconnections++);
    const server = t.app.get(RealtimeGateway).server!;
    const bodies = Array.from({ length: 100 }, (_, i) => `burst ${i}`);
    for (const [i, body] of bodies.entries()) {
      const reply = await call(coach, 'message.send', { threadId, clientMessageId: `burst-${i}`, body });
      expect(reply.ok).toBe(true);
      if (i === 49) {
        // Cut the client's underlying connection at the server, mid-burst.
        for (const s of server.of('/').sockets.values()) if (s.data.actor?.userId === team.client.userId) s.conn.close();
      }
    }
    const messages = await inbox.waitFor(100);
    expect(reconnections).toBeGreaterThanOrEqual(1);
    expect(messages.map((m) => m.body)).toEqual(bodies);
    expect(new Set(messages.map((m) => m.messageId)).size).toBe(100);
    coach.close();
    client.close();
  }, 120_000);
});

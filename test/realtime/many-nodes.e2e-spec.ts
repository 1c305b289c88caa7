import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { tokenFor } from '@attune/testing';
import { spawnAttuneProcess, type AttuneProcess } from '../support/spawn-process.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { call, connect, Inbox, next, refused, type TestSocket } from './support/sockets.js';
import { createTeam, teamThread, type Team } from './support/world.js';

/** Two api nodes as real processes, sharing rooms through Redis; one of them is killed. */
describe('sockets across api nodes', () => {
  let t: TestApp;
  let team: Team;
  let threadId: string;
  const nodes: AttuneProcess[] = [];
  const sockets: TestSocket[] = [];

  const startNode = async () => {
    const node = await spawnAttuneProcess('api', {
      NODE_ENV: 'test',
      DATABASE_URL: t.database.url,
      DATABASE_POOL_MAX: '4',
      REDIS_URL: t.config.redis.url,
      REDIS_PREFIX: t.config.redisPrefix,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'attune-api-')),
      JWT_SECRET: t.config.jwtSecret,
      AUDIT_HMAC_KEY: t.config.auditHmacKey,
    });
    nodes.push(node);
    return node;
  };
  const socket = async (url: string, token: string) => {
    const s = await connect(url, token);
    sockets.push(s);
    return s;
  };

  beforeAll(async () => {
    t = await startTestApp({ worker: false });
    team = await createTeam(t);
    threadId = await teamThread(t, team);
  }, 60_000);
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await Promise.all(nodes.map((n) => n.stop('SIGKILL')));
    await t.close();
  });

  it('a client on node A reaches its peer coach on node B; after A dies the client replays everything on B once, in order', async () => {
    const [a, b] = await Promise.all([startNode(), startNode()]);
    const client = await socket(a.url, team.tokens.client);
    const coach = await socket(b.url, team.tokens.peerCoach);
    const inbox = new Inbox().attach(client);
    await inbox.sync();

    const heard = next(coach, 'message.new', (m) => m.clientMessageId === 'a-1');
    const sent = await call(client, 'message.send', { threadId, clientMessageId: 'a-1', body: 'on my way to group' });
    expect(sent.ok).toBe(true);
    expect((await heard).body).toBe('on my way to group');
    await inbox.waitFor(1);

    const lost = new Promise((resolve) => client.once('disconnect', resolve));
    await a.stop('SIGKILL');
    await lost;
    const whileAway = ['b-0', 'b-1', 'b-2', 'b-3', 'b-4'];
    for (const id of whileAway) expect((await call(coach, 'message.send', { threadId, clientMessageId: id, body: `coach ${id}` })).ok).toBe(true);

    const again = await socket(b.url, team.tokens.client);
    inbox.attach(again);
    const messages = await inbox.waitFor(6);
    expect(messages.map((m) => m.clientMessageId)).toEqual(['a-1', ...whileAway]);
    expect(new Set(messages.map((m) => m.cursor)).size).toBe(6);
  }, 300_000); // two api processes boot (slowly on a loaded two-core machine)

  it('a token revoked while its client is disconnected is refused on reconnecting, and nothing reaches it', async () => {
    const node = nodes.find((n) => n.child.exitCode === null && n.child.signalCode === null) ?? (await startNode());
    const token = await tokenFor(t.app, t.db, team.client);
    const client = await socket(node.url, token);
    const received: string[] = [];
    client.on('message.new', (m) => received.push(m.messageId));
    client.close();
    const signOut = await fetch(`${node.url}/api/v1/auth/sign-out`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(signOut.status).toBe(204);
    const coach = await socket(node.url, team.tokens.peerCoach);
    expect((await call(coach, 'message.send', { threadId, clientMessageId: 'after-revoke', body: 'are you ok?' })).ok).toBe(true);

    const error = await refused(node.url, token);
    expect(error.data?.status).toBe(401);
    // The same socket object trying to reconnect is refused too, and has received nothing.
    client.auth = { token };
    const retried = new Promise<Error>((resolve) => client.once('connect_error', resolve));
    client.connect();
    expect(((await retried) as Error & { data?: { status: number } }).data?.status).toBe(401);
    expect(received).toEqual([]);
  }, 120_000);
});

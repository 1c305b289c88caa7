import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { api } from '../realtime/support/http.js';
import { call, connect, next, type TestSocket } from '../realtime/support/sockets.js';
import { createTeam, teamThread, type Team } from '../realtime/support/world.js';

const SECRET = 'I relapsed on Friday, please do not tell my sister';

/** Threads, idempotent sending, receipts, unread counts and the replay feed, over REST and the socket. */
describe('messaging', () => {
  let t: TestApp;
  let team: Team;
  const open: TestSocket[] = [];
  const socket = async (token: string) => {
    const s = await connect(t.url, token);
    open.push(s);
    return s;
  };

  beforeAll(async () => {
    t = await startTestApp({ worker: false });
    team = await createTeam(t);
  });
  afterAll(async () => {
    open.forEach((s) => s.close());
    await t.close();
  });

  it('opening the same thread twice gives the same thread', async () => {
    expect(await teamThread(t, team)).toBe(await teamThread(t, team));
  });

  it('a message is stored once however often it is retried, reaches every team member and the client live, and its text never reaches the logs', async () => {
    const threadId = await teamThread(t, team);
    const coach = await socket(team.tokens.peerCoach);
    const client = await socket(team.tokens.client);
    const arrivals = Promise.all([next(coach, 'message.new', (m) => m.clientMessageId === 'retry-1'), next(client, 'message.new', (m) => m.clientMessageId === 'retry-1')]);
    const first = await api(t, team.tokens.clinician).post(`/message-threads/${threadId}/messages`, { clientMessageId: 'retry-1', body: SECRET }).expect(201);
    const again = await api(t, team.tokens.clinician).post(`/message-threads/${threadId}/messages`, { clientMessageId: 'retry-1', body: SECRET }).expect(201);
    expect(again.body).toEqual(first.body);
    const [toCoach, toClient] = await arrivals;
    expect(toCoach).toMatchObject({ messageId: first.body.messageId, body: SECRET });
    expect(toClient.messageId).toBe(first.body.messageId);
    const [row] = await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM message WHERE client_message_id = 'retry-1'`);
    expect(row.n).toBe(1);
    expect(t.logs.join('\n')).not.toContain(SECRET);
  });

  it('the socket send acknowledges with the stored message; a retry acknowledges the same one', async () => {
    const threadId = await teamThread(t, team);
    const client = await socket(team.tokens.client);
    const sent = await call<{ messageId: string; cursor: string }>(client, 'message.send', { threadId, clientMessageId: 'sock-1', body: 'hi team' });
    const retry = await call<{ messageId: string }>(client, 'message.send', { threadId, clientMessageId: 'sock-1', body: 'hi team' });
    expect(sent.ok && retry.ok && retry.data.messageId === sent.data.messageId).toBe(true);
  });

  it('delivered and read receipts reach the sender; unread counts follow', async () => {
    const threadId = await teamThread(t, team);
    const sender = await socket(team.tokens.caseManager);
    const sent = await api(t, team.tokens.caseManager).post(`/message-threads/${threadId}/messages`, { clientMessageId: 'rcpt-1', body: 'Call me when you can' }).expect(201);
    const threads = await api(t, team.tokens.client).get(`/clients/${team.client.clientId}/message-threads`).expect(200);
    expect(threads.body.find((th: { id: string }) => th.id === threadId).unread).toBeGreaterThan(0);

    const delivered = next(sender, 'message.receipt', (r) => r.messageId === sent.body.messageId && r.kind === 'delivered' && r.userId === team.client.userId);
    const feed = await api(t, team.tokens.client).get('/messages/feed?after=0').expect(200);
    await delivered;
    const mine = feed.body.messages.find((m: { messageId: string }) => m.messageId === sent.body.messageId);
    const read = next(sender, 'message.receipt', (r) => r.messageId === sent.body.messageId && r.kind === 'read');
    await api(t, team.tokens.client).post(`/message-threads/${threadId}/read`, { cursor: feed.body.cursor }).expect(200);
    expect((await read).userId).toBe(team.client.userId);
    expect(mine).toBeTruthy();
    const after = await api(t, team.tokens.client).get(`/clients/${team.client.clientId}/message-threads`).expect(200);
    expect(after.body.find((th: { id: string }) => th.id === threadId).unread).toBe(0);
    const listed = await api(t, team.tokens.caseManager).get(`/message-threads/${threadId}/messages`).expect(200);
    const receipts = listed.body.find((m: { messageId: string }) => m.messageId === sent.body.messageId).receipts;
    expect(receipts.find((r: { userId: string }) => r.userId === team.client.userId).readAt).toBeTruthy();
  });

  it('the feed returns everything after a cursor once and in order, in pages', async () => {
    const threadId = await teamThread(t, team);
    const start = (await api(t, team.tokens.peerCoach).get('/messages/feed?after=0&limit=500').expect(200)).body.cursor as string;
    for (let i = 0; i < 7; i++) await api(t, team.tokens.client).post(`/message-threads/${threadId}/messages`, { clientMessageId: `page-${i}`, body: `m${i}` }).expect(201);
    const seen: string[] = [];
    let cursor = start;
    for (;;) {
      const page = await api(t, team.tokens.peerCoach).get(`/messages/feed?after=${cursor}&limit=3`).expect(200);
      seen.push(...page.body.messages.map((m: { body: string }) => m.body));
      if (page.body.messages.length === 0) break;
      cursor = page.body.cursor;
    }
    expect(seen).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6']);
  });

  it('a team-only thread is never visible to the client; a client–member thread only to the client and that member', async () => {
    const teamOnly = (await api(t, team.tokens.clinician).post(`/clients/${team.client.clientId}/message-threads`, { kind: 'team_only' }).expect(201)).body.id;
    const withClinician = (await api(t, team.tokens.clinician).post(`/clients/${team.client.clientId}/message-threads`, { kind: 'client_member' }).expect(201)).body.id;
    await api(t, team.tokens.clinician).post(`/message-threads/${teamOnly}/messages`, { clientMessageId: 'team-1', body: 'about the client' }).expect(201);
    await api(t, team.tokens.clinician).post(`/message-threads/${withClinician}/messages`, { clientMessageId: 'cm-1', body: 'just us' }).expect(201);

    await api(t, team.tokens.client).get(`/message-threads/${teamOnly}/messages`).expect(404);
    await api(t, team.tokens.client).post(`/message-threads/${teamOnly}/messages`, { clientMessageId: 'x-1', body: 'x' }).expect(404);
    await api(t, team.tokens.client).get(`/message-threads/${withClinician}/messages`).expect(200);
    await api(t, team.tokens.peerCoach).get(`/message-threads/${withClinician}/messages`).expect(404);
    await api(t, team.tokens.peerCoach).get(`/message-threads/${teamOnly}/messages`).expect(200);
    await api(t, team.tokens.client).post(`/clients/${team.client.clientId}/message-threads`, { kind: 'team_only' }).expect(422);

    const clientFeed = await api(t, team.tokens.client).get('/messages/feed?after=0&limit=500').expect(200);
    expect(clientFeed.body.messages.map((m: { threadId: string }) => m.threadId)).not.toContain(teamOnly);
    const coachFeed = await api(t, team.tokens.peerCoach).get('/messages/feed?after=0&limit=500').expect(200);
    expect(coachFeed.body.messages.map((m: { threadId: string }) => m.threadId)).not.toContain(withClinician);
    const coachThreads = await api(t, team.tokens.peerCoach).get(`/clients/${team.client.clientId}/message-threads`).expect(200);
    expect(coachThreads.body.map((th: { id: string }) => th.id)).not.toContain(withClinician);
    const clientThreads = await api(t, team.tokens.client).get(`/clients/${team.client.clientId}/message-threads`).expect(200);
    expect(clientThreads.body.map((th: { id: string }) => th.id)).not.toContain(teamOnly);
  });

  it('staff of one organisation message each other directly; a client cannot', async () => {
    const direct = await api(t, team.tokens.peerCoach).post('/message-threads/direct', { staffUserId: team.clinician.userId }).expect(201);
    const again = await api(t, team.tokens.clinician).post('/message-threads/direct', { staffUserId: team.peerCoach.userId }).expect(201);
    expect(again.body.id).toBe(direct.body.id);
    await api(t, team.tokens.peerCoach).post(`/message-threads/${direct.body.id}/messages`, { clientMessageId: 'dm-1', body: 'coffee?' }).expect(201);
    await api(t, team.tokens.caseManager).get(`/message-threads/${direct.body.id}/messages`).expect(404);
    await api(t, team.tokens.client).post('/message-threads/direct', { staffUserId: team.clinician.userId }).expect(403);
    const list = await api(t, team.tokens.clinician).get('/message-threads/direct').expect(200);
    expect(list.body[0]).toMatchObject({ id: direct.body.id, unread: 1 });
  });

  it('bad input is refused naming the field', async () => {
    const threadId = await teamThread(t, team);
    const res = await api(t, team.tokens.client).post(`/message-threads/${threadId}/messages`, { clientMessageId: 'bad id!', body: '' }).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['clientMessageId', 'body']));
    await api(t, team.tokens.client).get('/messages/feed?after=abc').expect(400);
    await api(t, team.tokens.client).post(`/message-threads/${threadId}/messages`, { clientMessageId: 'sock-1', body: 'reused in another thread?' }).expect(201);
  });
});

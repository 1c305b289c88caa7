import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Realtime, Rooms } from '@attune/platform';
import { startPrivateRedis, type PrivateRedis } from '@attune/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { connect, next, type TestSocket } from './support/sockets.js';
import { createTeam, type Team } from './support/world.js';

/**
 * An api node emits through its own socket.io server: its own sockets get an event in the same tick,
 * without the trip through Redis that the other nodes need. So with Redis gone, the team members
 * connected to the node that raised an alert still hear of it (and the process does not fall over).
 */
describe('an api node delivers to its own sockets without Redis', () => {
  let redis: PrivateRedis;
  let t: TestApp;
  let team: Team;
  let clinician: TestSocket;
  beforeAll(async () => {
    redis = await startPrivateRedis();
    t = await startTestApp({ worker: false, env: { REDIS_URL: redis.url } });
    team = await createTeam(t);
    clinician = await connect(t.url, team.tokens.clinician);
  });
  afterAll(async () => {
    clinician?.close();
    await redis.restart(); // closing the Redis connections needs a server to say goodbye to
    await t.close();
    await redis.stop();
  });

  it("reaches the node's own care-team sockets while Redis is down", async () => {
    await redis.kill();
    const alert = { alertId: crypto.randomUUID(), clientId: team.client.clientId, rule: 'craving_high', severity: 'warning' as const, status: 'open' as const, raisedAt: new Date().toISOString() };
    const heard = next(clinician, 'alert.raised', (a) => a.alertId === alert.alertId, 5_000);
    t.app.get(Realtime).to(Rooms.careTeam(team.client.clientId)).emit('alert.raised', alert);
    expect(await heard).toEqual(alert);
    expect(clinician.connected).toBe(true);
  }, 20_000);
});

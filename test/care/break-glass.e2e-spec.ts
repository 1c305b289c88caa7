import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BREAK_GLASS_NOTICE } from '@attune/care';
import { auditEventsAfter, createCareTeam, createClient, createOrganization, createStaff, lastAuditEventId, tokenFor, type Org, type Person } from '@attune/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { api } from './http.js';

const REASON = 'Overnight crisis call; the team cannot be reached';

describe('break-glass: emergency read access, audited and reviewed', () => {
  let t: TestApp;
  let org: Org;
  let world: Awaited<ReturnType<typeof createCareTeam>>;
  let colleague: Person;

  const asPerson = async (person: Person) => api(t, await tokenFor(t.app, t.db, person));

  beforeAll(async () => {
    // No worker: staged emails stay as written, so the test reads exactly what would be sent.
    t = await startTestApp({ worker: false });
    org = await createOrganization(t.db);
    world = await createCareTeam(t.db, org);
    colleague = await createStaff(t.db, org, 'clinician', { supervisorUserId: world.supervisor.userId });
  });
  afterAll(async () => {
    await t.close();
  });

  it('opens read access for at most an hour, audits the reason, and tells the supervisor without naming the client', async () => {
    const as = await asPerson(colleague);
    const clientPath = `/clients/${world.client.clientId}`;
    await as.get(clientPath).expect(403);
    const before = await lastAuditEventId(t.db);
    const res = await as.post(`${clientPath}/break-glass`, { reason: `  ${REASON}  ` }).expect(201);
    expect(new Date(res.body.expiresAt).getTime() - new Date(res.body.startsAt).getTime()).toBe(t.config.durations.breakGlassMax * 1000);
    expect(t.config.durations.breakGlassMax).toBeLessThanOrEqual(3600);

    const [grant] = await t.db.query(`SELECT * FROM break_glass_grant WHERE id = $1`, [res.body.id]);
    expect(grant).toMatchObject({ client_id: world.client.clientId, staff_user_id: colleague.userId, reason: REASON });
    const [opened] = await auditEventsAfter(t.db, before);
    expect(opened).toMatchObject({ action: 'break_glass.open', outcome: 'allowed', basis: 'colleague', reason: REASON, client_id: world.client.clientId, subject_id: res.body.id });

    const notifications = await t.db.query(`SELECT recipient_user_id, kind, subject_id FROM notification WHERE subject_id = $1`, [res.body.id]);
    expect(notifications).toEqual([{ recipient_user_id: world.supervisor.userId, kind: 'break_glass_opened', subject_id: res.body.id }]);
    const emails = await t.db.query(`SELECT recipient_user_id, to_address, subject, body FROM outbound_message WHERE recipient_user_id = $1`, [world.supervisor.userId]);
    expect(emails).toEqual([{ recipient_user_id: world.supervisor.userId, to_address: world.supervisor.email, subject: BREAK_GLASS_NOTICE.subject, body: BREAK_GLASS_NOTICE.body }]);
    expect(JSON.stringify(emails)).not.toContain(world.client.preferredName);

    const read = await as.get(clientPath).expect(200);
    expect(read.body.id).toBe(world.client.clientId);
    await as.get(`${clientPath}/care-team`).expect(200);
    await as.patch(clientPath, { connectivity: 'broadband' }).expect(403);
    await as.post(`${clientPath}/care-team`, { staffUserId: colleague.userId, teamRole: 'clinician' }).expect(403);
    const reads = (await auditEventsAfter(t.db, before)).filter((e) => e.action === 'client.read');
    expect(reads).toEqual([expect.objectContaining({ outcome: 'allowed', basis: 'break_glass', actor_user_id: colleague.userId })]);
    expect(t.logs.join('')).not.toContain(REASON);

    t.clock.advance(3601);
    const later = await asPerson(colleague);
    await later.get(clientPath).expect(403);
    await later.get(`${clientPath}/care-team`).expect(403);
  });

  it('notifies every supervisor when the opener has none, never the opener', async () => {
    const second = await createStaff(t.db, org, 'supervisor');
    const loner = await createStaff(t.db, org, 'case_manager');
    const client = await createClient(t.db, org);
    const res = await (await asPerson(loner)).post(`/clients/${client.clientId}/break-glass`, { reason: REASON }).expect(201);
    const recipients = await t.db.query(`SELECT recipient_user_id FROM notification WHERE subject_id = $1 ORDER BY recipient_user_id`, [res.body.id]);
    expect(recipients.map((r: { recipient_user_id: string }) => r.recipient_user_id)).toEqual([world.supervisor.userId, second.userId].sort());
    const bySupervisor = await (await asPerson(second)).post(`/clients/${client.clientId}/break-glass`, { reason: REASON }).expect(201);
    const reviewers = await t.db.query(`SELECT recipient_user_id FROM notification WHERE subject_id = $1`, [bySupervisor.body.id]);
    expect(reviewers).toEqual([{ recipient_user_id: world.supervisor.userId }]);
  });

  it('refuses team members, admins and clients (403), another organisation (404), and a short reason (400), each audited', async () => {
    const path = `/clients/${world.client.clientId}/break-glass`;
    const before = await lastAuditEventId(t.db);
    await (await asPerson(world.peerCoach)).post(path, { reason: REASON }).expect(403);
    await (await asPerson(world.admin)).post(path, { reason: REASON }).expect(403);
    await (await asPerson(world.client)).post(path, { reason: REASON }).expect(403);
    const stranger = await createStaff(t.db, await createOrganization(t.db), 'clinician');
    await (await asPerson(stranger)).post(path, { reason: REASON }).expect(404);
    const events = await auditEventsAfter(t.db, before);
    expect(events.map((e) => [e.actor_user_id, e.action, e.outcome])).toEqual([
      [world.peerCoach.userId, 'break_glass.open', 'denied'],
      [world.admin.userId, 'break_glass.open', 'denied'],
      [world.client.userId, 'break_glass.open', 'denied'],
      [stranger.userId, 'break_glass.open', 'not_found'],
    ]);
    const short = await (await asPerson(colleague)).post(path, { reason: '  too short  ' }).expect(400);
    expect(short.body.errors[0].field).toBe('reason');
    await (await asPerson(colleague)).post(path, {}).expect(400);
    await (await asPerson(colleague)).post(path, { reason: 'x'.repeat(501) }).expect(400);
    expect(await t.db.query(`SELECT 1 FROM break_glass_grant WHERE staff_user_id = $1 AND expires_at > $2`, [colleague.userId, t.clock.now()])).toEqual([]);
  });
});

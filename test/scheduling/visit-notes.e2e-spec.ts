import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { auditEventsAfter, createStaff, lastAuditEventId, tokenFor } from '@attune/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { api, LONG_TOKENS, MONDAY, schedulingWorld, type SchedulingWorld } from './support.js';

describe('visit notes', () => {
  let t: TestApp;
  let w: SchedulingWorld;
  let visitId: string;
  const base = () => `/clients/${w.client.clientId}`;

  beforeAll(async () => {
    t = await startTestApp({ worker: false, now: MONDAY, env: LONG_TOKENS });
    w = await schedulingWorld(t);
    const created = await w.as.clinician
      .post(`${base()}/visits`, { kind: 'in_home', startsAt: '2026-01-05T15:00:00Z', durationMinutes: 60, attendeeUserIds: [w.clinician.userId, w.peerCoach.userId] })
      .expect(201);
    visitId = created.body.visits[0].id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('is written after the visit by an attending team member only', async () => {
    await w.as.clinician.post(`${base()}/visits/${visitId}/notes`, { body: 'Early' }).expect(409); // not yet happened
    t.clock.set(new Date('2026-01-05T16:05:00Z'));
    await w.as.caseManager.post(`${base()}/visits/${visitId}/notes`, { body: 'I was not there' }).expect(403);
    await w.as.client.post(`${base()}/visits/${visitId}/notes`, { body: 'Mine' }).expect(403);
    await w.as.peerCoach.post(`${base()}/visits/${visitId}/notes`, { body: 'x', counselling: true }).expect(403); // only clinicians mark counselling notes
    await w.as.peerCoach.post(`${base()}/visits/${visitId}/notes`, {}).expect(400);
    const note = await w.as.peerCoach.post(`${base()}/visits/${visitId}/notes`, { body: 'Talked about the weekend plan.' }).expect(201);
    expect(note.body).toMatchObject({ authorUserId: w.peerCoach.userId, counselling: false, signedAt: null, addenda: [] });
    await w.as.peerCoach.post(`${base()}/visits/${visitId}/notes`, { body: 'again' }).expect(409);
  });

  it('locks a signed note: edits are refused, corrections are addenda, nothing else changes', async () => {
    const [note] = (await w.as.peerCoach.get(`${base()}/visits/${visitId}/notes`).expect(200)).body;
    await w.as.clinician.patch(`${base()}/visit-notes/${note.id}`, { body: 'Not my note' }).expect(403);
    await w.as.peerCoach.patch(`${base()}/visit-notes/${note.id}`, { body: 'Talked about the weekend plan and work.' }).expect(200);
    await w.as.peerCoach.post(`${base()}/visit-notes/${note.id}/addenda`, { body: 'too early' }).expect(409);
    const signed = await w.as.peerCoach.post(`${base()}/visit-notes/${note.id}/sign`).expect(200);
    expect(signed.body.signedAt).toEqual(expect.any(String));
    const refused = await w.as.peerCoach.patch(`${base()}/visit-notes/${note.id}`, { body: 'Rewritten' }).expect(409);
    expect(refused.body.errors[0].field).toBe('body');
    const amended = await w.as.peerCoach.post(`${base()}/visit-notes/${note.id}/addenda`, { body: 'Correction: Saturday, not Sunday.' }).expect(201);
    expect(amended.body).toMatchObject({ body: 'Talked about the weekend plan and work.', addenda: [expect.objectContaining({ body: 'Correction: Saturday, not Sunday.', authorUserId: w.peerCoach.userId })] });
    // The database refuses it too.
    await expect(t.db.query(`UPDATE visit_note SET body = 'x' WHERE id = $1`, [note.id])).rejects.toThrow(/locked/);
  });

  it('lets only the author and the author\'s supervisor read counselling notes, audited', async () => {
    const written = await w.as.clinician.post(`${base()}/visits/${visitId}/notes`, { body: 'Counselling content', counselling: true }).expect(201);
    const id = written.body.id;
    expect(written.body.counselling).toBe(true);

    const before = await lastAuditEventId(t.db);
    await w.as.clinician.get(`${base()}/visit-notes/${id}`).expect(200);
    const supervised = await w.as.supervisor.get(`${base()}/visit-notes/${id}`).expect(200);
    expect(supervised.body.body).toBe('Counselling content');
    const reads = (await auditEventsAfter(t.db, before)).filter((e) => e.action === 'counselling_note.read');
    expect(reads.map((e) => [e.actor_user_id, e.basis, e.outcome, e.subject_id])).toEqual([
      [w.clinician.userId, 'author', 'allowed', id],
      [w.supervisor.userId, 'supervisor', 'allowed', id],
    ]);

    const otherSupervisor = await createStaff(t.db, w.org, 'supervisor');
    const otherAs = api(t, await tokenFor(t.app, t.db, otherSupervisor));
    for (const as of [w.as.peerCoach, w.as.caseManager, w.as.client, otherAs]) {
      await as.get(`${base()}/visit-notes/${id}`).expect(403);
      const listed = await as.get(`${base()}/visits/${visitId}/notes`).expect(200);
      expect(listed.body.map((n: { id: string }) => n.id)).not.toContain(id);
    }
    const denied = (await auditEventsAfter(t.db, before)).filter((e) => e.action === 'counselling_note.read' && e.outcome === 'denied');
    expect(denied).toHaveLength(4);
    const authorList = await w.as.clinician.get(`${base()}/visits/${visitId}/notes`).expect(200);
    expect(authorList.body.map((n: { id: string }) => n.id)).toContain(id);
  });
});

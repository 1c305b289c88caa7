import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ICAL from 'ical.js';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { LONG_TOKENS, MONDAY, schedulingWorld, type SchedulingWorld } from './support.js';

interface ParsedEvent {
  uid: string;
  summary: string;
  start: string;
  end: string;
  location: string | null;
  status: string;
  url: string | null;
}

/** Parses an ICS document back with ical.js (a different library from the one that wrote it). */
function parse(text: string): ParsedEvent[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      summary: event.summary,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      location: event.location ?? null,
      status: String(vevent.getFirstPropertyValue('status')),
      url: (vevent.getFirstPropertyValue('url') as string | null) ?? null,
    };
  });
}

describe('calendar feeds', () => {
  for (const locations of [false, true]) {
    describe(locations ? 'with the organisation opted in to locations' : 'by default', () => {
      let t: TestApp;
      let w: SchedulingWorld;
      beforeAll(async () => {
        t = await startTestApp({ worker: false, now: MONDAY, env: LONG_TOKENS });
        w = await schedulingWorld(t);
        // The organisation's own setting (PATCH /organization, admins only; see invitations.e2e-spec.ts).
        await t.db.query(`UPDATE organization SET calendar_locations = $2 WHERE id = $1`, [w.org.id, locations]);
      });
      afterAll(async () => {
        await t.close();
      });

      it('lists a person\'s visits as "Attune session", matching the visits, parsed back with an ICS parser', async () => {
        const base = `/clients/${w.client.clientId}/visits`;
        const home = (await w.as.clinician.post(base, { kind: 'in_home', address: '12 Prairie Lane', startsAt: '2026-01-06T15:00:00Z', durationMinutes: 60 }).expect(201)).body.visits[0];
        const series = (await w.as.clinician.post(base, { kind: 'video', startsAt: '2026-01-08T16:00:00Z', durationMinutes: 30, rrule: 'FREQ=WEEKLY;COUNT=3' }).expect(201)).body.visits;
        const peer = (await w.as.peerCoach.post(base, { kind: 'phone', startsAt: '2026-01-09T18:00:00Z', durationMinutes: 20 }).expect(201)).body.visits[0];
        await w.as.clinician.post(`${base}/${series[2].id}/cancel`, { reason: 'holiday' }).expect(200);

        const { url } = (await w.as.clinician.post('/me/calendar-feed').expect(201)).body;
        expect(url).toMatch(/\/calendar\/[A-Za-z0-9_-]{32}\.ics$/);
        const res = await request(t.url).get(new URL(url).pathname).expect(200);
        expect(res.headers['content-type']).toMatch(/text\/calendar/);
        const events = parse(res.text);
        const mine = [home, ...series];
        expect(events.map((e) => e.uid)).toEqual(mine.map((v: { id: string }) => `${v.id}@attune`));
        for (const [i, v] of mine.entries()) {
          expect(events[i]).toMatchObject({ summary: 'Attune session', start: v.startsAt, end: v.endsAt });
          expect(events[i].url).toMatch(/\/j\/[A-Za-z0-9_-]{22}$/);
        }
        expect(events.map((e) => e.status)).toEqual(['CONFIRMED', 'CONFIRMED', 'CONFIRMED', 'CANCELLED']);
        expect(events[0].location).toBe(locations ? '12 Prairie Lane' : null);
        expect(res.text).not.toContain(w.client.preferredName);
        if (!locations) expect(res.text).not.toContain('Prairie');

        // The client's feed has every visit of theirs, the peer coach's phone call included.
        const clientFeed = (await w.as.client.post('/me/calendar-feed').expect(201)).body.url;
        const clientEvents = parse((await request(t.url).get(new URL(clientFeed).pathname).expect(200)).text);
        expect(clientEvents.map((e) => e.uid)).toContain(`${peer.id}@attune`);
        expect(clientEvents).toHaveLength(5);

        // Revoked or replaced URLs stop working.
        const second = (await w.as.clinician.post('/me/calendar-feed').expect(201)).body.url;
        await request(t.url).get(new URL(url).pathname).expect(404);
        await request(t.url).get(new URL(second).pathname).expect(200);
        await w.as.clinician.delete('/me/calendar-feed').expect(204);
        await request(t.url).get(new URL(second).pathname).expect(404);
        await request(t.url).get('/calendar/nothing.ics').expect(404);
      });
    });
  }
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { AuditSealer, AuditTrail, AuditVerifier, type SealResult } from '@attune/care';
import { TEST_REDIS_URL, createOrganization, type Org } from '@attune/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { runScript } from './run-script.js';

/** Sealing, verification and tamper detection, against a real PostgreSQL (no worker: the test seals). */
describe('audit trail sealing and verification', () => {
  let t: TestApp;
  let org: Org;
  let trail: AuditTrail;
  let sealer: AuditSealer;
  let verifier: AuditVerifier;
  /** Connects as the postgres superuser, as someone tampering with the database would. */
  let superuser: pg.Client;

  beforeAll(async () => {
    t = await startTestApp({ worker: false });
    org = await createOrganization(t.db);
    trail = t.app.get(AuditTrail);
    sealer = t.app.get(AuditSealer);
    verifier = t.app.get(AuditVerifier);
    superuser = new pg.Client({ connectionString: t.database.url });
    await superuser.connect();
  });
  afterAll(async () => {
    await superuser.end();
    await t.close();
  });

  const record = (action: string, count = 1, reason: string | null = null) =>
    trail.recordMany(
      Array.from({ length: count }, () => ({ organizationId: org.id, actorUserId: null, actorRole: 'admin', action, outcome: 'allowed' as const, reason })),
    );
  const idsOf = async (action: string) =>
    (await t.db.query<{ id: string }[]>(`SELECT id::text AS id FROM audit_event WHERE action = $1 ORDER BY id`, [action])).map((r) => r.id);
  const sealOrFail = async (): Promise<SealResult> => {
    const seal = await sealer.seal();
    if (!seal) throw new Error('expected a seal');
    return seal;
  };

  let firstSeal: SealResult;

  it('seals final events in a keyed chain and writes each head to the log', async () => {
    await record('first-batch', 3, 'a typed reason');
    firstSeal = await sealOrFail();
    expect(firstSeal.eventCount).toBe(3);
    expect(firstSeal.lastEventId).toBe((await idsOf('first-batch'))[2]);
    expect(firstSeal.head).toMatch(/^[0-9a-f]{64}$/);
    expect(firstSeal.cutoff).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(t.logs.join('\n')).toContain(`audit seal ${firstSeal.sealId} head ${firstSeal.head} events 3`);
    expect(await verifier.verify()).toMatchObject({ intact: true, sealsChecked: 1, eventsChecked: 3, unsealedEvents: 0 });
  });

  it('does not seal past a transaction still open, and seals its events once it commits', async () => {
    const open = t.db.createQueryRunner();
    await open.connect();
    await open.startTransaction();
    try {
      await trail.record({ organizationId: org.id, actorUserId: null, actorRole: 'admin', action: 'in-open-transaction', outcome: 'allowed' }, open.manager);
      await record('after-open-transaction');
      const held = await sealOrFail();
      // Both events are newer than the open transaction's start: neither may be sealed yet.
      expect(held.eventCount).toBe(0);
      await open.commitTransaction();
    } finally {
      await open.release();
    }
    const next = await sealOrFail();
    expect(next.eventCount).toBe(2);
    expect(await verifier.verify()).toMatchObject({ intact: true, eventsChecked: 5, unsealedEvents: 0 });
  });

  it('lets one sealer at a time chain (advisory lock), never forking the chain', async () => {
    await record('concurrent', 2);
    const results = await Promise.all([sealer.seal(), sealer.seal(), sealer.seal()]);
    const made = results.filter((r): r is SealResult => r !== null);
    expect(made.reduce((sum, seal) => sum + seal.eventCount, 0)).toBe(2);
    expect((await verifier.verify()).intact).toBe(true);
  });

  it('refuses UPDATE and DELETE of audit events and seals while the triggers are on', async () => {
    const [id] = await idsOf('first-batch');
    await expect(superuser.query(`UPDATE audit_event SET action = 'x' WHERE id = $1`, [id])).rejects.toThrow('audit_event is append-only');
    await expect(superuser.query(`DELETE FROM audit_event WHERE id = $1`, [id])).rejects.toThrow('audit_event is append-only');
    await expect(superuser.query(`UPDATE audit_seal SET head = 'x'`)).rejects.toThrow('audit_seal is append-only');
    await expect(superuser.query(`DELETE FROM audit_seal`)).rejects.toThrow('audit_seal is append-only');
  });

  describe('with the append-only trigger disabled by a superuser', () => {
    beforeAll(async () => {
      await superuser.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only');
    });
    afterAll(async () => {
      await superuser.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only');
    });

    it('reports a changed row in the seal that covers it', async () => {
      const [, id] = await idsOf('first-batch');
      await superuser.query(`UPDATE audit_event SET action = 'something-else' WHERE id = $1`, [id]);
      const result = await verifier.verify();
      expect(result.intact).toBe(false);
      expect(result.broken).toHaveLength(1);
      expect(result.broken[0]).toMatchObject({ sealId: firstSeal.sealId, eventCount: 3, sealedEventCount: 3 });
      expect(result.broken[0].eventIds).toContain(id);
      expect(result.broken[0].problems).toEqual([expect.stringContaining('head differs')]);

      await superuser.query(`UPDATE audit_event SET action = 'first-batch' WHERE id = $1`, [id]);
      expect((await verifier.verify()).intact).toBe(true);
    });

    it('reports a row inserted with a time before the last cutoff', async () => {
      const [{ id }] = (await superuser.query(
        `INSERT INTO audit_event (at, organization_id, actor_role, action, outcome)
         SELECT at, organization_id, actor_role, 'backdated', outcome FROM audit_event WHERE action = 'first-batch' ORDER BY id LIMIT 1
         RETURNING id::text AS id`,
      )).rows as { id: string }[];
      const result = await verifier.verify();
      expect(result.intact).toBe(false);
      expect(result.broken.map((check) => check.sealId)).toEqual([firstSeal.sealId]);
      expect(result.broken[0]).toMatchObject({ eventCount: 4, sealedEventCount: 3 });
      expect(result.broken[0].eventIds).toContain(id);
      expect(result.broken[0].problems).toEqual(
        expect.arrayContaining([expect.stringContaining('4 events in range now, 3 when sealed'), expect.stringContaining('head differs')]),
      );

      await superuser.query(`DELETE FROM audit_event WHERE id = $1`, [id]);
      expect((await verifier.verify()).intact).toBe(true);
    });

    it('reports a removed row', async () => {
      const [id] = await idsOf('first-batch');
      const [{ row }] = (await superuser.query(`SELECT row_to_json(e) AS row FROM audit_event e WHERE id = $1`, [id])).rows as { row: unknown }[];
      await superuser.query(`DELETE FROM audit_event WHERE id = $1`, [id]);
      const result = await verifier.verify();
      expect(result.intact).toBe(false);
      expect(result.broken.map((check) => check.sealId)).toEqual([firstSeal.sealId]);
      expect(result.broken[0]).toMatchObject({ eventCount: 2, sealedEventCount: 3 });
      expect(result.broken[0].eventIds).not.toContain(id);

      // Put it back exactly (microseconds included): the chain verifies again.
      await superuser.query(`INSERT INTO audit_event SELECT * FROM json_populate_record(NULL::audit_event, $1)`, [JSON.stringify(row)]);
      expect((await verifier.verify()).intact).toBe(true);
    });

    it('`npm run audit:verify` exits 0 when intact, and 1 naming the seal and events when not', async () => {
      const env = {
        NODE_ENV: 'test',
        DATA_DIR: t.config.dataDir,
        DATABASE_URL: t.database.url,
        REDIS_URL: TEST_REDIS_URL,
        AUDIT_HMAC_KEY: t.config.auditHmacKey,
      };
      const intact = await runScript('apps/worker/src/audit-verify.js', env);
      expect(intact.output).toContain('Audit trail intact');
      expect(intact.code).toBe(0);

      const [id] = await idsOf('first-batch');
      await superuser.query(`UPDATE audit_event SET reason = 'edited' WHERE id = $1`, [id]);
      const broken = await runScript('apps/worker/src/audit-verify.js', env);
      expect(broken.output).toContain('Audit trail NOT intact');
      expect(broken.output).toContain(`seal ${firstSeal.sealId} `);
      expect(broken.output).toContain(id);
      expect(broken.output).not.toContain('edited'); // ids, never contents
      expect(broken.code).toBe(1);
      await superuser.query(`UPDATE audit_event SET reason = 'a typed reason' WHERE id = $1`, [id]);
    });
  });
});

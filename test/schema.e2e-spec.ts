import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { CARE_ENTITIES } from '@attune/care';
import { IDENTITY_ENTITIES } from '@attune/identity';
import { MEASURE_ENTITIES } from '@attune/measures';
import { NOTIFICATION_ENTITIES } from '@attune/notifications';
import { dataSourceOptions } from '@attune/platform';
import { createTestDatabase, type TestDatabase } from '@attune/testing';

const ENTITIES = [...IDENTITY_ENTITIES, ...CARE_ENTITIES, ...NOTIFICATION_ENTITIES, ...MEASURE_ENTITIES];

describe('schema', () => {
  let database: TestDatabase;
  let db: DataSource;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = await new DataSource(dataSourceOptions({ database: { url: database.url, poolMax: 2, source: 'configured' } }, ENTITIES)).initialize();
  });
  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  it('the committed migrations create exactly the tables and columns the entities describe', async () => {
    const pending = await db.driver.createSchemaBuilder().log();
    const changes = pending.upQueries.map((q) => q.query).filter((q) => !/INDEX|CONSTRAINT/i.test(q));
    expect(changes).toEqual([]);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of the audit trail', async () => {
    await db.query(`INSERT INTO audit_event (action, outcome) VALUES ('test.event', 'allowed')`);
    await expect(db.query(`UPDATE audit_event SET action = 'changed'`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
    await expect(db.query(`TRUNCATE audit_event`)).rejects.toThrow(/append-only/);
  });
});

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { TEST_POSTGRES_ADMIN_URL, databaseUrl } from './services.js';
import { templateName } from './template-database.js';

/** Set by jest's global setup; benchmarks and ad-hoc scripts get their own. */
export function testRunId(): string {
  return (process.env.ATTUNE_TEST_RUN ??= randomBytes(3).toString('hex'));
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A database of this test file's own, cloned from the migrated template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `attune_t_${testRunId()}_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name} TEMPLATE ${templateName()}`));
  return {
    name,
    url: databaseUrl(name),
    drop: () => withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

async function withAdmin<T>(fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

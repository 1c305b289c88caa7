import pg from 'pg';
import { TEST_POSTGRES_ADMIN_URL } from './services.js';
import { testRunId } from './test-database.js';

/** Drops this run's databases left by test files that crashed before their own cleanup. */
export default async function globalTeardown(): Promise<void> {
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`attune\\_t\\_${testRunId()}\\_%`],
    );
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => undefined);
  } finally {
    await admin.end();
  }
}

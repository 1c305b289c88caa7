import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { ensureTemplateDatabase } from './template-database.js';

/** Jest global setup: migrate the template database once for the whole run. */
export default async function globalSetup(): Promise<void> {
  // Test databases carry this run's id, so teardown drops only its own (other runs may be live).
  process.env.ATTUNE_TEST_RUN ??= randomBytes(3).toString('hex');
  await ensureTemplateDatabase();
}

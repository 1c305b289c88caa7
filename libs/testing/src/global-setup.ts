import 'reflect-metadata';
import { ensureTemplateDatabase } from './template-database.js';

/** Jest global setup: migrate the template database once for the whole run. */
export default async function globalSetup(): Promise<void> {
  await ensureTemplateDatabase();
}

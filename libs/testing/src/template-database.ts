import { createHash } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS, dataSourceOptions } from '@attune/platform';
import { TEST_POSTGRES_ADMIN_URL, databaseUrl } from './services.js';

/**
 * One migrated template per set of migrations; every test file clones it (CREATE DATABASE … TEMPLATE),
 * which is far faster than migrating per file and gives each file a database of its own.
 */
export function templateName(): string {
  // The source of each migration's up(): editing an unlanded migration rebuilds the template too.
  const source = MIGRATIONS.map((m) => `${m.name}:${m.prototype.up.toString()}`).join('\n');
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 12);
  return `attune_tpl_${hash}`;
}

export async function ensureTemplateDatabase(): Promise<string> {
  const name = templateName();
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return name;
    const building = `${name}_building_${process.pid}`;
    await admin.query(`CREATE DATABASE ${building}`);
    const ds = new DataSource(dataSourceOptions({ database: { url: databaseUrl(building), poolMax: 1, source: 'configured' } }));
    await ds.initialize();
    await ds.destroy();
    // Renaming makes the template appear complete or not at all, even with parallel first runs.
    await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`).catch(async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${building}`);
    });
    return name;
  } finally {
    await admin.end();
  }
}

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseTarget } from '../config/app-config.js';
import type { Environment } from '../config/environment.js';
import { answersOn } from './probe.js';

export interface ResolvedDatabase {
  target: DatabaseTarget;
  /** Stops what resolution started (the embedded server); a no-op otherwise. */
  stop: () => Promise<void>;
}

const LOCAL_DATABASE = 'attune';

/**
 * Order of preference: DATABASE_URL → a PostgreSQL answering on 127.0.0.1:5432 (its own database,
 * created if missing) → embedded PGlite persisted under DATA_DIR, served on one connection only.
 */
export async function resolveDatabase(env: Environment): Promise<ResolvedDatabase> {
  if (env.DATABASE_URL) {
    return { target: { url: env.DATABASE_URL, poolMax: env.DATABASE_POOL_MAX, source: 'configured' }, stop: async () => {} };
  }
  if (!env.EMBEDDED_POSTGRES && (await answersOn('127.0.0.1', 5432))) {
    const url = await ensureLocalDatabase();
    if (url) return { target: { url, poolMax: env.DATABASE_POOL_MAX, source: 'local-server' }, stop: async () => {} };
  }
  return startEmbedded(join(env.DATA_DIR, 'pglite'));
}

async function ensureLocalDatabase(): Promise<string | undefined> {
  const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres', connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [LOCAL_DATABASE]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${LOCAL_DATABASE}`);
    return `postgres://postgres@127.0.0.1:5432/${LOCAL_DATABASE}`;
  } catch {
    return undefined; // a server we cannot use (auth, permissions): fall back to embedded
  } finally {
    await admin.end().catch(() => undefined);
  }
}

async function startEmbedded(dir: string): Promise<ResolvedDatabase> {
  mkdirSync(dir, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const db = await PGlite.create(dir);
  // PGlite is one backend: a second connection returns wrong results under concurrency (STACK-NOTES).
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
  await server.start();
  const url = `postgres://postgres@${server.getServerConn()}/postgres`;
  return {
    target: { url, poolMax: 1, source: 'embedded-pglite' },
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}

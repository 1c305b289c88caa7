import pg from 'pg';

/**
 * A floor's raw `pg` pool. `pool.end()` does not wait for its connections to close, so the database dropped
 * right after a run may still end one of them: an idle connection's error, with no listener, would crash the
 * bench after its figures were taken. Errors of idle connections are ignored; a query's error still throws.
 */
export function rawPool(connectionString: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString, max });
  pool.on('error', () => undefined);
  return pool;
}

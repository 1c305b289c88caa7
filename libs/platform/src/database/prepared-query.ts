import type pg from 'pg';
import type { EntityManager } from 'typeorm';

/**
 * Runs a hot, fixed query as a named prepared statement: PostgreSQL plans it once per connection instead
 * of on every call. Measured on the access policy's query: planning took ~1.2 ms against 0.16 ms of
 * execution, and naming it raised its throughput 2.5×. Use for queries that run on every request (session
 * check, access policy, audit insert); everything else goes through TypeORM as usual.
 *
 * Inside a transaction it uses the transaction's own connection (never the pool: with one embedded
 * connection that would wait for ever).
 */
export async function preparedQuery<Row>(manager: EntityManager, name: string, text: string, values: unknown[]): Promise<Row[]> {
  const runner = manager.queryRunner;
  const queryable: Pick<pg.Pool, 'query'> =
    runner && !runner.isReleased
      ? ((await runner.connect()) as pg.PoolClient)
      : ((manager.connection.driver as unknown as { master: pg.Pool }).master);
  const result = await queryable.query<Row & pg.QueryResultRow>({ name, text, values });
  return result.rows;
}

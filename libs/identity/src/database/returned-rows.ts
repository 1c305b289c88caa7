/**
 * The rows of an `UPDATE … RETURNING` run through EntityManager.query: TypeORM's postgres driver answers
 * UPDATE and DELETE with [rows, rowCount] and everything else with rows. Guarded updates ("… WHERE
 * consumed_at IS NULL RETURNING id") read their success from this.
 */
export function returnedRows<T = unknown>(result: unknown[]): T[] {
  return (Array.isArray(result[0]) ? result[0] : result) as T[];
}

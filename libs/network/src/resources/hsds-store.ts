import type { EntityManager } from 'typeorm';
import { HSDS_TABLE_NAMES, HSDS_TABLES, type HsdsRow, type HsdsTableName } from './hsds-tables.js';
import type { KnownIds } from './hsds-validate.js';

const MAX_PARAMS = 30_000;

/** Reads and writes of the HSDS tables of one programme. Column names are HSDS field names (see hsds-tables). */
export const HsdsStore = {
  async knownIds(tx: EntityManager, programmeId: string): Promise<KnownIds> {
    const known = {} as KnownIds;
    for (const table of HSDS_TABLE_NAMES) {
      const rows: { id: string }[] = await tx.query(`SELECT id FROM hsds_${table} WHERE programme_id = $1`, [
        programmeId,
      ]);
      known[table] = new Set(rows.map((r) => r.id));
    }
    return known;
  },

  /** Inserts or updates by HSDS id: importing the same package twice leaves the same rows. */
  async upsert(tx: EntityManager, programmeId: string, table: HsdsTableName, rows: HsdsRow[]): Promise<void> {
    const fields = HSDS_TABLES[table].fields.map((f) => f.name);
    const columns = ['programme_id', ...fields];
    const perChunk = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
    for (let start = 0; start < rows.length; start += perChunk) {
      const chunk = rows.slice(start, start + perChunk);
      const params: unknown[] = [];
      const tuples = chunk.map((row) => {
        const values = [programmeId, ...fields.map((f) => row[f] ?? null)];
        const first = params.length;
        params.push(...values);
        return `(${values.map((_, i) => `$${first + i + 1}`).join(', ')})`;
      });
      const updates = fields.filter((f) => f !== 'id').map((f) => `"${f}" = EXCLUDED."${f}"`);
      await tx.query(
        `INSERT INTO hsds_${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}
         ON CONFLICT (programme_id, id) DO UPDATE SET ${updates.join(', ')}`,
        params,
      );
    }
  },

  /** Every row of a table (or those matching `where` on one column), ordered by id, numbers as text. */
  async rows(
    tx: EntityManager,
    programmeId: string,
    table: HsdsTableName,
    where?: { column: string; values: string[] },
  ): Promise<HsdsRow[]> {
    const fields = HSDS_TABLES[table].fields;
    const select = fields
      .map((f) => (f.type === 'number' ? `"${f.name}"::text AS "${f.name}"` : `"${f.name}"`))
      .join(', ');
    const filter = where ? ` AND "${where.column}" = ANY($2::text[])` : '';
    return tx.query(
      `SELECT ${select} FROM hsds_${table} WHERE programme_id = $1${filter} ORDER BY id`,
      where ? [programmeId, where.values] : [programmeId],
    );
  },
};

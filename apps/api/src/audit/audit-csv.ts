import { Logger } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import { Readable, pipeline, type Transform } from 'node:stream';
import type { AuditEventView } from '@attune/care';

const COLUMNS: { key: keyof AuditEventView; header: string }[] = [
  { key: 'id', header: 'id' },
  { key: 'at', header: 'at' },
  { key: 'actorUserId', header: 'actor_user_id' },
  { key: 'actorRole', header: 'actor_role' },
  { key: 'action', header: 'action' },
  { key: 'capability', header: 'capability' },
  { key: 'outcome', header: 'outcome' },
  { key: 'basis', header: 'basis' },
  { key: 'requestId', header: 'request_id' },
  { key: 'reason', header: 'reason' },
];

const log = new Logger('audit-csv');

/**
 * The events as CSV with a header row, produced as they are read. A spreadsheet would run a cell that
 * starts with = + - @ as a formula, and `reason` is free text: such cells get a leading apostrophe.
 */
export function auditCsv(events: AsyncIterable<AuditEventView>): Transform {
  const csv = stringify({ header: true, columns: COLUMNS, cast: { string: neutraliseFormula } });
  pipeline(Readable.from(events), csv, (error) => {
    // Headers are gone by now: the client sees a cut-off download; the log says why (no row contents).
    if (error) log.error({ error: error.message }, 'audit CSV export interrupted');
  });
  return csv;
}

function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

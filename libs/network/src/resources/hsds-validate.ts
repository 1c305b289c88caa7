import { DateTime, isIanaZone, type FieldError } from '@attune/platform';
import {
  HSDS_TABLE_NAMES,
  HSDS_TABLES,
  LINK_ENTITIES,
  type HsdsField,
  type HsdsRows,
  type HsdsTableName,
} from './hsds-tables.js';

/** Ids already in the directory, by table: references may point at them as well as into the package. */
export type KnownIds = Record<HsdsTableName, Set<string>>;

const NUMBER = /^-?\d+(\.\d+)?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * Every problem in a package, each naming the file (or JSON path), row and field. Also drops rows that
 * appear twice with the same content (HSDS JSON repeats a location under each service); the same id
 * with different content is an error.
 */
export function validateHsds(rows: HsdsRows, known: KnownIds): FieldError[] {
  const errors: FieldError[] = [];
  const ids = {} as KnownIds;
  for (const table of HSDS_TABLE_NAMES) {
    const seen = new Map<string, string>();
    rows[table] = rows[table].filter(({ row, where }) => {
      const id = row.id;
      if (id === null || id === undefined) return true;
      const content = JSON.stringify(row);
      const before = seen.get(id);
      if (before === undefined) {
        seen.set(id, content);
        return true;
      }
      if (before !== content)
        errors.push({ field: where('id'), message: `duplicate ${table} id with different content` });
      return false;
    });
    ids[table] = new Set([...known[table], ...seen.keys()]);
  }
  for (const table of HSDS_TABLE_NAMES) {
    for (const { row, where } of rows[table]) {
      for (const field of HSDS_TABLES[table].fields) {
        const message = checkField(field, row[field.name] ?? null, ids);
        if (message) errors.push({ field: where(field.name), message });
      }
      for (const [field, message] of checkRow(table, row, ids)) errors.push({ field: where(field), message });
    }
  }
  return errors;
}

function checkField(field: HsdsField, value: string | null, ids: KnownIds): string | null {
  if (value === null) return field.required ? 'is required' : null;
  if (field.type === 'number' && !NUMBER.test(value)) return 'must be a number';
  if (field.enum && !field.enum.includes(value)) return `must be one of ${field.enum.join(', ')}`;
  if (field.format === 'uri' && !isHttpUrl(value)) return 'must be an http(s) URL';
  if (field.format === 'email' && !EMAIL.test(value)) return 'must be an email address';
  if (field.format === 'date' && !DateTime.fromFormat(value, 'yyyy-MM-dd').isValid)
    return 'must be a date YYYY-MM-DD';
  if (field.format === 'local-time' && !LOCAL_TIME.test(value))
    return 'must be a local time HH:MM (the zone is in timezone)';
  if (field.format === 'iana-zone' && !isIanaZone(value))
    return 'must be an IANA time zone such as America/Chicago, not a UTC offset';
  if (field.ref && !ids[field.ref].has(value))
    return `refers to ${field.ref} ${JSON.stringify(value)}, which is neither in the package nor in the directory`;
  return null;
}

/** Rules across fields of one row. */
function checkRow(
  table: HsdsTableName,
  row: Record<string, string | null>,
  ids: KnownIds,
): [string, string][] {
  const problems: [string, string][] = [];
  if (table === 'location' && row.location_type === 'virtual' && !row.url)
    problems.push(['url', 'is required for a virtual location']);
  if (table === 'attribute' && row.link_entity && row.link_id) {
    const target = LINK_ENTITIES[row.link_entity];
    if (target && !ids[target].has(row.link_id))
      problems.push([
        'link_id',
        `refers to ${target} ${JSON.stringify(row.link_id)}, which is neither in the package nor in the directory`,
      ]);
  }
  if (
    (table === 'schedule' || table === 'phone') &&
    !row.service_id &&
    !row.location_id &&
    !row.service_at_location_id &&
    !row.organization_id
  ) {
    problems.push([
      'service_id',
      `a ${table} must belong to a service, location, service at location${table === 'phone' ? ' or organization' : ''}`,
    ]);
  }
  if (table === 'service_area' && !row.service_id && !row.service_at_location_id)
    problems.push(['service_id', 'a service area must belong to a service or a service at location']);
  return problems;
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

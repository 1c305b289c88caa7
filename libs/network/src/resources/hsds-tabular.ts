import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { FieldError } from '@attune/platform';
import {
  HSDS_TABLE_NAMES,
  HSDS_TABLES,
  emptyRows,
  type HsdsRow,
  type HsdsRows,
  type HsdsTableName,
} from './hsds-tables.js';

/**
 * An HSDS Tabular Data Package as JSON: `datapackage.json` (the descriptor) and the CSV files by path.
 * Uploads and downloads carry it as one JSON document, `{ "datapackage": {...}, "files": { "services.csv": "…" } }`.
 */
export interface TabularPackage {
  datapackage: Record<string, unknown>;
  files: Record<string, string>;
}

export interface ParsedPackage {
  rows: HsdsRows;
  errors: FieldError[];
  /** CSV files of HSDS tables Attune does not keep (contacts.csv, languages.csv…), and columns it does not keep. */
  skippedFiles: string[];
  skippedFields: string[];
}

/** Reads the descriptor's resources and parses each CSV. Rows are named by their line in the file (the header is line 1). */
export function readTabularPackage(pkg: TabularPackage): ParsedPackage {
  const rows = emptyRows();
  const errors: FieldError[] = [];
  const skippedFiles: string[] = [];
  const skippedFields = new Set<string>();
  const resources = pkg.datapackage.resources;
  if (!Array.isArray(resources) || resources.length === 0) {
    return {
      rows,
      errors: [{ field: 'datapackage.json:resources', message: 'must list the package tables' }],
      skippedFiles,
      skippedFields: [],
    };
  }
  resources.forEach((resource: unknown, i) => {
    const r = (resource ?? {}) as { name?: unknown; path?: unknown };
    if (typeof r.path !== 'string') {
      errors.push({ field: `datapackage.json:resources[${i}].path`, message: 'must name the CSV file' });
      return;
    }
    const table = HSDS_TABLE_NAMES.find((t) => t === r.name || HSDS_TABLES[t].file === r.path);
    if (!table) {
      skippedFiles.push(r.path);
      return;
    }
    const text = pkg.files[r.path];
    if (typeof text !== 'string') {
      errors.push({ field: r.path, message: 'is listed in datapackage.json but not in files' });
      return;
    }
    readCsv(table, r.path, text, rows, errors, skippedFields);
  });
  if (
    errors.length === 0 &&
    HSDS_TABLE_NAMES.every((t) => rows[t].length === 0) &&
    skippedFiles.length === resources.length
  ) {
    errors.push({
      field: 'datapackage.json:resources',
      message: `lists none of ${HSDS_TABLE_NAMES.map((t) => HSDS_TABLES[t].file).join(', ')}`,
    });
  }
  return { rows, errors, skippedFiles, skippedFields: [...skippedFields].sort() };
}

function readCsv(
  table: HsdsTableName,
  file: string,
  text: string,
  rows: HsdsRows,
  errors: FieldError[],
  skipped: Set<string>,
): void {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    errors.push({ field: line ? `${file}:${line}` : file, message: 'is not valid CSV' });
    return;
  }
  const [header, ...data] = records;
  if (!header) return;
  const known = new Set(HSDS_TABLES[table].fields.map((f) => f.name));
  for (const column of header) if (!known.has(column)) skipped.add(`${file}:${column}`);
  if (!header.includes('id')) {
    errors.push({ field: `${file}:1:id`, message: 'the header must have an id column' });
    return;
  }
  data.forEach((values, i) => {
    const line = i + 2;
    const row: HsdsRow = {};
    for (const field of HSDS_TABLES[table].fields) {
      const index = header.indexOf(field.name);
      const value = index >= 0 ? values[index] : undefined;
      row[field.name] = value === undefined || value === '' ? null : value;
    }
    rows[table].push({ row, where: (field) => `${file}:${line}:${field}` });
  });
}

/** The package for export: every table Attune keeps, one CSV each, and a descriptor with the table schemas. */
export function writeTabularPackage(tables: Record<HsdsTableName, HsdsRow[]>, name: string): TabularPackage {
  const files: Record<string, string> = {};
  for (const table of HSDS_TABLE_NAMES) {
    const fields = HSDS_TABLES[table].fields.map((f) => f.name);
    files[HSDS_TABLES[table].file] = stringify(
      tables[table].map((row) => fields.map((f) => row[f] ?? '')),
      { header: true, columns: fields },
    );
  }
  return {
    datapackage: {
      name,
      profile: 'tabular-data-package',
      description: 'Community resources after Open Referral HSDS 3.0 (schedule.timezone holds an IANA zone)',
      resources: HSDS_TABLE_NAMES.map((table) => ({
        name: table,
        path: HSDS_TABLES[table].file,
        profile: 'tabular-data-resource',
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        schema: {
          primaryKey: 'id',
          fields: HSDS_TABLES[table].fields.map((f) => ({
            name: f.name,
            type: f.type,
            ...(f.format === 'uri' ? { format: 'uri' } : f.format === 'email' ? { format: 'email' } : {}),
            constraints: {
              required: f.required === true,
              ...(f.enum ? { enum: [...f.enum] } : {}),
              ...(f.name === 'id' ? { unique: true } : {}),
            },
          })),
          foreignKeys: HSDS_TABLES[table].fields.flatMap((f) =>
            f.ref ? [{ fields: f.name, reference: { resource: f.ref, fields: 'id' } }] : [],
          ),
        },
      })),
    },
    files,
  };
}

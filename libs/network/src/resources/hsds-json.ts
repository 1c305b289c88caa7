import type { EntityManager } from 'typeorm';
import type { FieldError } from '@attune/platform';
import { HsdsStore } from './hsds-store.js';
import { HSDS_TABLES, emptyRows, type HsdsRow, type HsdsRows, type HsdsTableName } from './hsds-tables.js';

/** An HSDS 3.0 service object with its organization, locations, phones, schedules, areas and attributes nested. */
export type HsdsService = Record<string, unknown>;

const byKey = <T extends HsdsRow>(rows: T[], key: string) => {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const value = row[key];
    if (value) map.set(value, [...(map.get(value) ?? []), row]);
  }
  return map;
};

/** Numbers go out as JSON numbers, as HSDS JSON has them; everything else as stored. */
function out(table: HsdsTableName, row: HsdsRow): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const field of HSDS_TABLES[table].fields) {
    const value = row[field.name];
    object[field.name] =
      value !== null && value !== undefined && field.type === 'number' ? Number(value) : (value ?? null);
  }
  return object;
}

/** The nested service objects for some services of a programme (search results, the JSON export). */
export async function compileServices(
  tx: EntityManager,
  programmeId: string,
  serviceIds: string[],
): Promise<HsdsService[]> {
  if (serviceIds.length === 0) return [];
  const services = await HsdsStore.rows(tx, programmeId, 'service', { column: 'id', values: serviceIds });
  const organizations = byKey(
    await HsdsStore.rows(tx, programmeId, 'organization', {
      column: 'id',
      values: services.map((s) => s.organization_id!),
    }),
    'id',
  );
  const sals = await HsdsStore.rows(tx, programmeId, 'service_at_location', {
    column: 'service_id',
    values: serviceIds,
  });
  const locationIds = sals.map((s) => s.location_id!);
  const locations = byKey(
    await HsdsStore.rows(tx, programmeId, 'location', { column: 'id', values: locationIds }),
    'id',
  );
  const addresses = byKey(
    await HsdsStore.rows(tx, programmeId, 'address', { column: 'location_id', values: locationIds }),
    'location_id',
  );
  const servicePhones = byKey(
    await HsdsStore.rows(tx, programmeId, 'phone', { column: 'service_id', values: serviceIds }),
    'service_id',
  );
  const locationPhones = byKey(
    await HsdsStore.rows(tx, programmeId, 'phone', { column: 'location_id', values: locationIds }),
    'location_id',
  );
  const serviceSchedules = byKey(
    await HsdsStore.rows(tx, programmeId, 'schedule', { column: 'service_id', values: serviceIds }),
    'service_id',
  );
  const locationSchedules = byKey(
    await HsdsStore.rows(tx, programmeId, 'schedule', { column: 'location_id', values: locationIds }),
    'location_id',
  );
  const areas = byKey(
    await HsdsStore.rows(tx, programmeId, 'service_area', { column: 'service_id', values: serviceIds }),
    'service_id',
  );
  const attributes = (
    await HsdsStore.rows(tx, programmeId, 'attribute', { column: 'link_id', values: serviceIds })
  ).filter((a) => a.link_entity === 'service');
  const terms = byKey(
    await HsdsStore.rows(tx, programmeId, 'taxonomy_term', {
      column: 'id',
      values: attributes.map((a) => a.taxonomy_term_id!),
    }),
    'id',
  );
  const attributesOf = byKey(attributes, 'link_id');
  const salsOf = byKey(sals, 'service_id');

  const order = new Map(serviceIds.map((id, i) => [id, i]));
  return [...services]
    .sort((a, b) => order.get(a.id!)! - order.get(b.id!)!)
    .map((service) => ({
      ...out('service', service),
      organization:
        organizations.get(service.organization_id!)?.map((o) => out('organization', o))[0] ?? null,
      service_at_locations: (salsOf.get(service.id!) ?? []).map((sal) => ({
        ...out('service_at_location', sal),
        location:
          (locations.get(sal.location_id!) ?? []).map((l) => ({
            ...out('location', l),
            addresses: (addresses.get(l.id!) ?? []).map((a) => out('address', a)),
            phones: (locationPhones.get(l.id!) ?? []).map((p) => out('phone', p)),
            schedules: (locationSchedules.get(l.id!) ?? []).map((s) => out('schedule', s)),
          }))[0] ?? null,
      })),
      phones: (servicePhones.get(service.id!) ?? []).map((p) => out('phone', p)),
      schedules: (serviceSchedules.get(service.id!) ?? []).map((s) => out('schedule', s)),
      service_areas: (areas.get(service.id!) ?? []).map((a) => out('service_area', a)),
      attributes: (attributesOf.get(service.id!) ?? []).map((a) => ({
        ...out('attribute', a),
        taxonomy_term: (terms.get(a.taxonomy_term_id!) ?? []).map((t) => out('taxonomy_term', t))[0] ?? null,
      })),
    }));
}

/** What flattening found besides rows: fields Attune does not keep, reported back to the importer. */
export interface Flattened {
  rows: HsdsRows;
  errors: FieldError[];
  skippedFields: string[];
}

const NESTED: Record<string, true> = {
  organization: true,
  service_at_locations: true,
  location: true,
  addresses: true,
  phones: true,
  schedules: true,
  service_areas: true,
  attributes: true,
  taxonomy_term: true,
};

/**
 * HSDS JSON (a list of service objects, or a paginated `{ contents: [...] }`) into table rows. A nested
 * object's link to its parent may be left out (`service_id` under a service): it is filled in.
 */
export function flattenServices(services: unknown[]): Flattened {
  const rows = emptyRows();
  const errors: FieldError[] = [];
  const skipped = new Set<string>();
  const take = (
    table: HsdsTableName,
    value: unknown,
    path: string,
    defaults: Record<string, string>,
  ): HsdsRow | null => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      errors.push({ field: path, message: `must be an HSDS ${table} object` });
      return null;
    }
    const object = value as Record<string, unknown>;
    const row: HsdsRow = {};
    const known = new Set(HSDS_TABLES[table].fields.map((f) => f.name));
    for (const key of Object.keys(object))
      if (!known.has(key) && !NESTED[key]) skipped.add(`${table}.${key}`);
    for (const field of HSDS_TABLES[table].fields) {
      const raw = object[field.name];
      if (raw === undefined || raw === null || raw === '') row[field.name] = defaults[field.name] ?? null;
      else if (typeof raw === 'string') row[field.name] = raw;
      else if (typeof raw === 'number' && Number.isFinite(raw)) row[field.name] = String(raw);
      else {
        errors.push({ field: `${path}.${field.name}`, message: 'must be a string or a number' });
        row[field.name] = null;
      }
    }
    rows[table].push({ row, where: (field) => `${path}.${field}` });
    return row;
  };
  const list = (value: unknown, path: string): unknown[] => {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value;
    errors.push({ field: path, message: 'must be an array' });
    return [];
  };

  services.forEach((value, i) => {
    const path = `contents[${i}]`;
    const object = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    const organization = object.organization
      ? take('organization', object.organization, `${path}.organization`, {})
      : null;
    const service = take(
      'service',
      value,
      path,
      organization?.id ? { organization_id: organization.id } : {},
    );
    if (!service?.id) return;
    list(object.service_at_locations, `${path}.service_at_locations`).forEach((sal, j) => {
      const salPath = `${path}.service_at_locations[${j}]`;
      const location = (sal as Record<string, unknown> | null)?.location;
      const locationRow = location
        ? take(
            'location',
            location,
            `${salPath}.location`,
            organization?.id ? { organization_id: organization.id } : {},
          )
        : null;
      take('service_at_location', sal, salPath, {
        service_id: service.id!,
        ...(locationRow?.id ? { location_id: locationRow.id } : {}),
      });
      if (!locationRow?.id) return;
      const nested = location as Record<string, unknown>;
      list(nested.addresses, `${salPath}.location.addresses`).forEach((a, k) =>
        take('address', a, `${salPath}.location.addresses[${k}]`, { location_id: locationRow.id! }),
      );
      list(nested.phones, `${salPath}.location.phones`).forEach((p, k) =>
        take('phone', p, `${salPath}.location.phones[${k}]`, { location_id: locationRow.id! }),
      );
      list(nested.schedules, `${salPath}.location.schedules`).forEach((s, k) =>
        take('schedule', s, `${salPath}.location.schedules[${k}]`, { location_id: locationRow.id! }),
      );
    });
    list(object.phones, `${path}.phones`).forEach((p, k) =>
      take('phone', p, `${path}.phones[${k}]`, { service_id: service.id! }),
    );
    list(object.schedules, `${path}.schedules`).forEach((s, k) =>
      take('schedule', s, `${path}.schedules[${k}]`, { service_id: service.id! }),
    );
    list(object.service_areas, `${path}.service_areas`).forEach((a, k) =>
      take('service_area', a, `${path}.service_areas[${k}]`, { service_id: service.id! }),
    );
    list(object.attributes, `${path}.attributes`).forEach((a, k) => {
      const term = (a as Record<string, unknown> | null)?.taxonomy_term;
      const termRow = term ? take('taxonomy_term', term, `${path}.attributes[${k}].taxonomy_term`, {}) : null;
      take('attribute', a, `${path}.attributes[${k}]`, {
        link_id: service.id!,
        link_entity: 'service',
        ...(termRow?.id ? { taxonomy_term_id: termRow.id } : {}),
      });
    });
  });
  return { rows, errors, skippedFields: [...skipped].sort() };
}

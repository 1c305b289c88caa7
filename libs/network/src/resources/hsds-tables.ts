/**
 * The HSDS 3.0 tables Attune keeps, with the HSDS field names (Open Referral, schema/*.json). One SQL table
 * per HSDS table (`hsds_<name>`), one column per field, same name. Fields HSDS has and Attune does not keep
 * are reported as skipped on import, never silently dropped.
 *
 * One deliberate difference: HSDS 3.0 gives `schedule.timezone` as a UTC offset; Attune keeps an IANA zone
 * there ("America/Chicago"), since an offset is wrong for half the year, and `opens_at`/`closes_at` as
 * local wall-clock "HH:MM" in that zone.
 */
export type HsdsFieldType = 'string' | 'number';
export type HsdsFormat = 'uri' | 'email' | 'date' | 'local-time' | 'iana-zone';

export interface HsdsField {
  name: string;
  type: HsdsFieldType;
  required?: boolean;
  enum?: readonly string[];
  format?: HsdsFormat;
  /** The HSDS table this id refers to (in the same package, or already in the directory). */
  ref?: HsdsTableName;
}

export const HSDS_TABLE_NAMES = [
  'organization',
  'service',
  'location',
  'service_at_location',
  'address',
  'phone',
  'schedule',
  'taxonomy_term',
  'attribute',
  'service_area',
] as const;
export type HsdsTableName = (typeof HSDS_TABLE_NAMES)[number];

export interface HsdsTable {
  name: HsdsTableName;
  /** The CSV file in a Tabular Data Package. */
  file: string;
  fields: HsdsField[];
}

const s = (name: string, extra: Omit<HsdsField, 'name' | 'type'> = {}): HsdsField => ({
  name,
  type: 'string',
  ...extra,
});
const n = (name: string): HsdsField => ({ name, type: 'number' });
const id = s('id', { required: true });

/** Which table an `attribute.link_entity` names. */
export const LINK_ENTITIES: Record<string, HsdsTableName> = {
  service: 'service',
  organization: 'organization',
  location: 'location',
  service_at_location: 'service_at_location',
};

export const HSDS_TABLES: Record<HsdsTableName, HsdsTable> = {
  organization: {
    name: 'organization',
    file: 'organizations.csv',
    fields: [
      id,
      s('name', { required: true }),
      s('alternate_name'),
      s('description', { required: true }),
      s('email', { format: 'email' }),
      s('website', { format: 'uri' }),
      n('year_incorporated'),
      s('legal_status'),
      s('uri', { format: 'uri' }),
      s('parent_organization_id'),
    ],
  },
  service: {
    name: 'service',
    file: 'services.csv',
    fields: [
      id,
      s('organization_id', { required: true, ref: 'organization' }),
      s('name', { required: true }),
      s('alternate_name'),
      s('description'),
      s('url', { format: 'uri' }),
      s('email', { format: 'email' }),
      s('status', { required: true, enum: ['active', 'inactive', 'defunct', 'temporarily closed'] }),
      s('interpretation_services'),
      s('application_process'),
      s('fees_description'),
      s('eligibility_description'),
      n('minimum_age'),
      n('maximum_age'),
      s('assured_date', { format: 'date' }),
      s('alert'),
      s('last_modified'),
    ],
  },
  location: {
    name: 'location',
    file: 'locations.csv',
    fields: [
      id,
      s('location_type', { required: true, enum: ['physical', 'postal', 'virtual'] }),
      s('url', { format: 'uri' }),
      s('organization_id'),
      s('name'),
      s('alternate_name'),
      s('description'),
      s('transportation'),
      n('latitude'),
      n('longitude'),
      s('external_identifier'),
      s('external_identifier_type'),
    ],
  },
  service_at_location: {
    name: 'service_at_location',
    file: 'service_at_locations.csv',
    fields: [
      id,
      s('service_id', { required: true, ref: 'service' }),
      s('location_id', { required: true, ref: 'location' }),
      s('description'),
    ],
  },
  address: {
    name: 'address',
    file: 'addresses.csv',
    fields: [
      id,
      s('location_id', { required: true, ref: 'location' }),
      s('attention'),
      s('address_1', { required: true }),
      s('address_2'),
      s('city', { required: true }),
      s('region'),
      s('state_province', { required: true }),
      s('postal_code', { required: true }),
      s('country', { required: true }),
      s('address_type', { required: true, enum: ['physical', 'postal', 'virtual'] }),
    ],
  },
  phone: {
    name: 'phone',
    file: 'phones.csv',
    fields: [
      id,
      s('location_id', { ref: 'location' }),
      s('service_id', { ref: 'service' }),
      s('organization_id', { ref: 'organization' }),
      s('service_at_location_id', { ref: 'service_at_location' }),
      s('number', { required: true }),
      n('extension'),
      s('type'),
      s('description'),
    ],
  },
  schedule: {
    name: 'schedule',
    file: 'schedules.csv',
    fields: [
      id,
      s('service_id', { ref: 'service' }),
      s('location_id', { ref: 'location' }),
      s('service_at_location_id', { ref: 'service_at_location' }),
      s('valid_from', { format: 'date' }),
      s('valid_to', { format: 'date' }),
      s('dtstart'),
      s('timezone', { format: 'iana-zone' }),
      s('until'),
      n('count'),
      s('wkst', { enum: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] }),
      s('freq', { enum: ['WEEKLY', 'MONTHLY'] }),
      n('interval'),
      s('byday'),
      s('byweekno'),
      s('bymonthday'),
      s('byyearday'),
      s('description'),
      s('opens_at', { format: 'local-time' }),
      s('closes_at', { format: 'local-time' }),
      s('schedule_link', { format: 'uri' }),
      s('attending_type'),
      s('notes'),
    ],
  },
  taxonomy_term: {
    name: 'taxonomy_term',
    file: 'taxonomy_terms.csv',
    fields: [
      id,
      s('code'),
      s('name', { required: true }),
      s('description', { required: true }),
      s('parent_id'),
      s('taxonomy'),
      s('language'),
      s('taxonomy_id'),
      s('term_uri', { format: 'uri' }),
    ],
  },
  attribute: {
    name: 'attribute',
    file: 'attributes.csv',
    fields: [
      id,
      s('link_id', { required: true }),
      s('taxonomy_term_id', { required: true, ref: 'taxonomy_term' }),
      s('link_type'),
      s('link_entity', { required: true, enum: Object.keys(LINK_ENTITIES) }),
      s('value'),
      s('label'),
    ],
  },
  service_area: {
    name: 'service_area',
    file: 'service_areas.csv',
    fields: [
      id,
      s('service_id', { ref: 'service' }),
      s('service_at_location_id', { ref: 'service_at_location' }),
      s('name'),
      s('description'),
      s('extent'),
      s('extent_type', { enum: ['geojson', 'topojson', 'kml', 'text'] }),
      s('uri', { format: 'uri' }),
    ],
  },
};

/** A row as stored: every field by its HSDS name, text or null (numbers kept as their decimal text). */
export type HsdsRow = Record<string, string | null>;

/** A row and where it came from, so a 422 names the place: "services.csv:3:status" or "contents[0].organization.name". */
export interface SourcedRow {
  where: (field: string) => string;
  row: HsdsRow;
}

export type HsdsRows = Record<HsdsTableName, SourcedRow[]>;

export const emptyRows = (): HsdsRows =>
  Object.fromEntries(HSDS_TABLE_NAMES.map((t) => [t, []])) as unknown as HsdsRows;

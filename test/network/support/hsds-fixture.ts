import { stringify } from 'csv-stringify/sync';

/** A small HSDS 3.0 directory: rows by table, each with the HSDS field names. */
export const HSDS_ROWS: Record<string, Record<string, string>[]> = {
  'organizations.csv': [
    {
      id: 'org-shelter',
      name: 'Northside Shelter Network',
      description: 'Emergency and transitional housing',
      website: 'https://shelter.example.org',
      year_incorporated: '1998',
    },
    {
      id: 'org-recovery',
      name: 'Recovery Commons',
      description: 'Peer-run mutual help, online and in person',
      email: 'hello@recovery.example.org',
    },
  ],
  'services.csv': [
    {
      id: 'svc-housing',
      organization_id: 'org-shelter',
      name: 'Transitional housing',
      status: 'active',
      eligibility_description: 'Adults in treatment',
      minimum_age: '18',
    },
    {
      id: 'svc-meeting',
      organization_id: 'org-recovery',
      name: 'Online evening meeting',
      status: 'active',
      description: 'Nightly video meeting, all welcome',
    },
    {
      id: 'svc-mat',
      organization_id: 'org-recovery',
      name: 'MAT prescriber clinic',
      status: 'active',
      fees_description: 'Sliding scale',
    },
    { id: 'svc-closed', organization_id: 'org-shelter', name: 'Winter warming centre', status: 'inactive' },
  ],
  'locations.csv': [
    {
      id: 'loc-shelter',
      location_type: 'physical',
      name: 'Northside Shelter',
      organization_id: 'org-shelter',
      latitude: '41.9484',
      longitude: '-87.6553',
    },
    {
      id: 'loc-online',
      location_type: 'virtual',
      url: 'https://meet.example.org/evening',
      name: 'Online',
      organization_id: 'org-recovery',
    },
    { id: 'loc-clinic', location_type: 'physical', name: 'Commons Clinic', organization_id: 'org-recovery' },
  ],
  'service_at_locations.csv': [
    { id: 'sal-housing', service_id: 'svc-housing', location_id: 'loc-shelter' },
    { id: 'sal-meeting', service_id: 'svc-meeting', location_id: 'loc-online' },
    { id: 'sal-mat', service_id: 'svc-mat', location_id: 'loc-clinic' },
  ],
  'addresses.csv': [
    {
      id: 'addr-shelter',
      location_id: 'loc-shelter',
      address_1: '100 W Irving Park Rd',
      city: 'Chicago',
      region: 'Cook County',
      state_province: 'IL',
      postal_code: '60613',
      country: 'US',
      address_type: 'physical',
    },
  ],
  'phones.csv': [
    { id: 'ph-housing', service_id: 'svc-housing', number: '+13125550100', type: 'voice' },
    { id: 'ph-clinic', location_id: 'loc-clinic', number: '+16305550101', extension: '12', type: 'voice' },
  ],
  'schedules.csv': [
    {
      id: 'sch-meeting',
      service_id: 'svc-meeting',
      timezone: 'America/Chicago',
      freq: 'WEEKLY',
      byday: 'MO,TU,WE,TH,FR,SA,SU',
      opens_at: '19:00',
      closes_at: '20:00',
      description: 'Every evening',
    },
    {
      id: 'sch-clinic',
      location_id: 'loc-clinic',
      timezone: 'America/Chicago',
      freq: 'WEEKLY',
      byday: 'MO,WE,FR',
      opens_at: '09:00',
      closes_at: '17:00',
    },
  ],
  'taxonomy_terms.csv': [
    { id: 'tax-housing', code: 'housing', name: 'Housing', description: 'Places to live' },
    {
      id: 'tax-recovery',
      code: 'recovery-support',
      name: 'Recovery support',
      description: 'Support for recovery',
    },
    {
      id: 'tax-mutual',
      code: 'mutual-help',
      name: 'Mutual help',
      description: 'Peer meetings',
      parent_id: 'tax-recovery',
    },
    {
      id: 'tax-mat',
      code: 'mat',
      name: 'Medication for addiction treatment',
      description: 'Buprenorphine, methadone, naltrexone',
      parent_id: 'tax-recovery',
    },
  ],
  'attributes.csv': [
    { id: 'att-housing', link_id: 'svc-housing', link_entity: 'service', taxonomy_term_id: 'tax-housing' },
    { id: 'att-meeting', link_id: 'svc-meeting', link_entity: 'service', taxonomy_term_id: 'tax-mutual' },
    { id: 'att-mat', link_id: 'svc-mat', link_entity: 'service', taxonomy_term_id: 'tax-mat' },
    { id: 'att-closed', link_id: 'svc-closed', link_entity: 'service', taxonomy_term_id: 'tax-housing' },
  ],
  'service_areas.csv': [
    { id: 'area-housing', service_id: 'svc-housing', name: 'Cook County' },
    { id: 'area-meeting', service_id: 'svc-meeting', name: 'Lake County' },
    { id: 'area-mat-cook', service_id: 'svc-mat', name: 'Cook County' },
    { id: 'area-mat-dupage', service_id: 'svc-mat', name: 'DuPage County' },
  ],
};

/** The package as the import route takes it: a descriptor and CSV text by path, columns as each table's rows use them. */
export function hsdsPackage(rows = HSDS_ROWS, extraFiles: Record<string, string> = {}) {
  const files: Record<string, string> = { ...extraFiles };
  for (const [file, list] of Object.entries(rows)) {
    const columns = [...new Set(list.flatMap((r) => Object.keys(r)))];
    files[file] = stringify(
      list.map((r) => columns.map((c) => r[c] ?? '')),
      { header: true, columns },
    );
  }
  return {
    datapackage: {
      name: 'test-directory',
      profile: 'tabular-data-package',
      resources: Object.keys(files).map((path) => ({ name: path.replace(/s?\.csv$/, ''), path })),
    },
    files,
  };
}

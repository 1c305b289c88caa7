import type { StaffRole, TeamRole } from '@attune/identity';
import type { ClientStatus, Connectivity } from '../entities/client.entity.js';

/**
 * The demo programme. Everyone here is fictional: `.example` addresses (RFC 2606) and 555-01xx numbers,
 * which no real person or phone can have.
 */
export const DEMO_ORGANIZATION = 'Riverbend Recovery (demo)';
export const DEMO_TIME_ZONE = 'America/Chicago';

export interface DemoStaff {
  key: 'admin' | 'supervisor' | TeamRole;
  role: StaffRole;
  displayName: string;
  email: string;
}

export const DEMO_STAFF: DemoStaff[] = [
  { key: 'admin', role: 'admin', displayName: 'Alex Rivera', email: 'alex.admin@riverbend.example' },
  { key: 'supervisor', role: 'supervisor', displayName: 'Morgan Ellis', email: 'morgan.supervisor@riverbend.example' },
  { key: 'clinician', role: 'clinician', displayName: 'Priya Shah', email: 'priya.clinician@riverbend.example' },
  { key: 'peer_coach', role: 'peer_coach', displayName: 'Jordan Blake', email: 'jordan.peercoach@riverbend.example' },
  { key: 'case_manager', role: 'case_manager', displayName: 'Casey Morales', email: 'casey.casemanager@riverbend.example' },
];

export interface DemoClient {
  preferredName: string;
  phone: string;
  /** Only the first client signs in with email and password; the others use a code sent to their phone. */
  email: string | null;
  connectivity: Connectivity;
  status: ClientStatus;
  /** How long ago their programme started. */
  daysIn: number;
}

export const DEMO_CLIENTS: DemoClient[] = [
  { preferredName: 'Sam', phone: '+15555550100', email: 'sam.client@riverbend.example', connectivity: 'broadband', status: 'active', daysIn: 60 },
  { preferredName: 'Riley', phone: '+15555550101', email: null, connectivity: 'phone_only', status: 'intake', daysIn: 3 },
  { preferredName: 'Jamie', phone: '+15555550102', email: null, connectivity: 'mobile_data', status: 'aftercare', daysIn: 300 },
];

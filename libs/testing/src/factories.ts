import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { AccessTokens, type Actor, type Role, type StaffRole, type TeamRole } from '@attune/identity';

/**
 * Test data written straight to PostgreSQL, so each test file builds exactly the world it needs.
 * Sign-in flows have their own tests; here `tokenFor` opens a real session row and signs a real token.
 */
export interface Org {
  id: string;
}
export interface Person {
  userId: string;
  organizationId: string;
  role: Role;
  email: string | null;
  phone: string | null;
}
export interface ClientRecord extends Person {
  clientId: string;
  preferredName: string;
}

const unique = () => randomBytes(5).toString('hex');

/** A random valid E.164 number in the fictional 555 range. */
export const fakePhone = () => `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

export async function createOrganization(db: DataSource, name = `Org ${unique()}`, requireMfa = false): Promise<Org> {
  const [row] = await db.query<{ id: string }[]>(`INSERT INTO organization (name, require_mfa) VALUES ($1, $2) RETURNING id`, [name, requireMfa]);
  return { id: row.id };
}

export async function createStaff(
  db: DataSource,
  org: Org,
  role: StaffRole,
  options: {
    email?: string;
    passwordHash?: string;
    timeZone?: string;
    supervisorUserId?: string;
    displayName?: string;
    status?: 'invited' | 'active' | 'deactivated';
  } = {},
): Promise<Person> {
  const email = options.email ?? `${role}-${unique()}@example.test`;
  const [user] = await db.query<{ id: string }[]>(
    `INSERT INTO user_account (organization_id, role, email, password_hash, time_zone) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [org.id, role, email, options.passwordHash ?? null, options.timeZone ?? 'America/Chicago'],
  );
  await db.query(
    `INSERT INTO staff_member (user_id, organization_id, display_name, supervisor_user_id, status) VALUES ($1, $2, $3, $4, $5)`,
    [user.id, org.id, options.displayName ?? `${role} ${unique()}`, options.supervisorUserId ?? null, options.status ?? 'active'],
  );
  return { userId: user.id, organizationId: org.id, role, email, phone: null };
}

export async function createClient(
  db: DataSource,
  org: Org,
  options: { preferredName?: string; email?: string | null; phone?: string; timeZone?: string; passwordHash?: string } = {},
): Promise<ClientRecord> {
  const phone = options.phone ?? fakePhone();
  const email = options.email === undefined ? `client-${unique()}@example.test` : options.email;
  const [user] = await db.query<{ id: string }[]>(
    `INSERT INTO user_account (organization_id, role, email, phone, password_hash, time_zone) VALUES ($1, 'client', $2, $3, $4, $5) RETURNING id`,
    [org.id, email, phone, options.passwordHash ?? null, options.timeZone ?? 'America/Chicago'],
  );
  const preferredName = options.preferredName ?? `Client ${unique()}`;
  const [client] = await db.query<{ id: string }[]>(
    `INSERT INTO client (organization_id, user_id, preferred_name, connectivity, status, programme_start_date)
     VALUES ($1, $2, $3, 'mobile_data', 'active', '2026-01-05') RETURNING id`,
    [org.id, user.id, preferredName],
  );
  return { userId: user.id, organizationId: org.id, role: 'client', email, phone, clientId: client.id, preferredName };
}

export async function addToTeam(
  db: DataSource,
  client: ClientRecord,
  staff: Person,
  teamRole: TeamRole,
  startsAt = new Date(Date.now() - 24 * 3600_000),
): Promise<string> {
  const [membership] = await db.query<{ id: string }[]>(
    `INSERT INTO care_team_membership (organization_id, client_id, staff_user_id, team_role, starts_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $3) RETURNING id`,
    [client.organizationId, client.clientId, staff.userId, teamRole, startsAt],
  );
  return membership.id;
}

/** Every audit event written after `afterId` (see `lastAuditEventId`), oldest first. */
export async function auditEventsAfter(db: DataSource, afterId: string): Promise<AuditRow[]> {
  return await db.query<AuditRow[]>(
    `SELECT id, organization_id, actor_user_id, actor_role, action, capability, client_id, subject_id, outcome, basis, reason, request_id
       FROM audit_event WHERE id > $1 ORDER BY id`,
    [afterId],
  );
}

export async function lastAuditEventId(db: DataSource): Promise<string> {
  const [row] = await db.query<{ id: string }[]>(`SELECT coalesce(max(id), 0)::text AS id FROM audit_event`);
  return row.id;
}

export interface AuditRow {
  id: string;
  organization_id: string | null;
  actor_user_id: string | null;
  actor_role: string | null;
  action: string;
  capability: string | null;
  client_id: string | null;
  subject_id: string | null;
  outcome: 'allowed' | 'denied' | 'not_found';
  basis: string | null;
  reason: string | null;
  request_id: string | null;
}

/** Opens a live session for the person and returns a signed access token for it. */
export async function tokenFor(app: INestApplicationContext, db: DataSource, person: Person): Promise<string> {
  const sessionId = randomUUID();
  await db.query(
    `INSERT INTO auth_session (id, user_id, mfa_verified, created_at, expires_at) VALUES ($1, $2, true, now(), now() + interval '1 day')`,
    [sessionId, person.userId],
  );
  const actor: Actor = { userId: person.userId, organizationId: person.organizationId, role: person.role, sessionId };
  return (await app.get(AccessTokens).issue(actor)).token;
}

/** A whole IHATI team for one client, plus the organisation's supervisor and admin. */
export async function createCareTeam(db: DataSource, org: Org) {
  const supervisor = await createStaff(db, org, 'supervisor');
  const admin = await createStaff(db, org, 'admin');
  const clinician = await createStaff(db, org, 'clinician', { supervisorUserId: supervisor.userId });
  const peerCoach = await createStaff(db, org, 'peer_coach', { supervisorUserId: supervisor.userId });
  const caseManager = await createStaff(db, org, 'case_manager', { supervisorUserId: supervisor.userId });
  const client = await createClient(db, org);
  await addToTeam(db, client, clinician, 'clinician');
  await addToTeam(db, client, peerCoach, 'peer_coach');
  await addToTeam(db, client, caseManager, 'case_manager');
  return { supervisor, admin, clinician, peerCoach, caseManager, client };
}

import type { EntityManager } from 'typeorm';
import type { ClientStatus, Connectivity } from '../entities/client.entity.js';

/** A client's record as staff and the client see it: the client row plus contact details from the account. */
export interface ClientProfile {
  id: string;
  preferredName: string;
  timeZone: string;
  phone: string | null;
  email: string | null;
  connectivity: Connectivity;
  status: ClientStatus;
  programmeStartDate: string;
  createdAt: Date;
  updatedAt: Date;
}

/** The columns of a profile (client `c` joined with its account `u`); the access policy reads them too. */
export const PROFILE_COLUMNS = `c.id, c.preferred_name, u.time_zone, u.phone, u.email, c.connectivity, c.status,
              c.programme_start_date, c.created_at, c.updated_at`;

export interface ProfileRow {
  id: string;
  preferred_name: string;
  time_zone: string;
  phone: string | null;
  email: string | null;
  connectivity: Connectivity;
  status: ClientStatus;
  programme_start_date: string;
  created_at: Date;
  updated_at: Date;
}

/** Reads of client records. Every query names the organisation: a client id alone finds nothing. */
export const ClientProfiles = {
  async find(manager: EntityManager, organizationId: string, clientId: string): Promise<ClientProfile | null> {
    const rows: ProfileRow[] = await manager.query(
      `SELECT ${PROFILE_COLUMNS}
         FROM client c JOIN user_account u ON u.id = c.user_id AND u.organization_id = c.organization_id
        WHERE c.id = $1 AND c.organization_id = $2`,
      [clientId, organizationId],
    );
    return rows[0] ? toProfile(rows[0]) : null;
  },

  /** The client record of a signed-in client, by their user id. */
  async idOfUser(manager: EntityManager, organizationId: string, userId: string): Promise<string | null> {
    const rows: { id: string }[] = await manager.query(`SELECT id FROM client WHERE user_id = $1 AND organization_id = $2`, [
      userId,
      organizationId,
    ]);
    return rows[0]?.id ?? null;
  },

  /** Locks the client row for the rest of the transaction, so two changes to one record take turns. */
  async lock(manager: EntityManager, organizationId: string, clientId: string): Promise<{ userId: string; status: ClientStatus } | null> {
    const rows: { user_id: string; status: ClientStatus }[] = await manager.query(
      `SELECT user_id, status FROM client WHERE id = $1 AND organization_id = $2 FOR NO KEY UPDATE`,
      [clientId, organizationId],
    );
    return rows[0] ? { userId: rows[0].user_id, status: rows[0].status } : null;
  },
};

export function toProfile(row: ProfileRow): ClientProfile {
  return {
    id: row.id,
    preferredName: row.preferred_name,
    timeZone: row.time_zone,
    phone: row.phone,
    email: row.email,
    connectivity: row.connectivity,
    status: row.status,
    programmeStartDate: row.programme_start_date,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isStaff, type Actor } from '@attune/identity';
import { Clock, Rooms, preparedQuery } from '@attune/platform';

/**
 * The rooms a socket joins when it connects: its user and its session; a client their own client room
 * (never the care-team room); a staff member, for every client whose current care team they are on,
 * that client's room and care-team room. Team changes move live sockets (CareTeamRooms).
 */
@Injectable()
export class SocketRooms {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async of(actor: Actor): Promise<{ rooms: string[]; clientId: string | null }> {
    const own = [Rooms.user(actor.userId), Rooms.session(actor.sessionId)];
    if (!isStaff(actor)) {
      const rows = await preparedQuery<{ id: string }>(this.db.manager, 'socket-rooms-client', `SELECT id FROM client WHERE user_id = $1 AND organization_id = $2`, [
        actor.userId,
        actor.organizationId,
      ]);
      const clientId = rows[0]?.id ?? null;
      return { rooms: clientId ? [...own, Rooms.client(clientId)] : own, clientId };
    }
    const clientIds = await this.teamClientIds(actor);
    return { rooms: [...own, ...clientIds.flatMap((id) => [Rooms.careTeam(id), Rooms.client(id)])], clientId: null };
  }

  /** The clients whose current care team this staff member is on (also the audience of their presence). */
  async teamClientIds(actor: Actor): Promise<string[]> {
    const rows = await preparedQuery<{ client_id: string }>(
      this.db.manager,
      'socket-rooms-team',
      `SELECT DISTINCT client_id FROM care_team_membership
        WHERE staff_user_id = $1 AND organization_id = $2 AND starts_at <= $3 AND (ends_at IS NULL OR ends_at > $3)`,
      [actor.userId, actor.organizationId, this.clock.now()],
    );
    return rows.map((r) => r.client_id);
  }
}

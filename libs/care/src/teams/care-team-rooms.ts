import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, Realtime, Rooms } from '@attune/platform';

/**
 * Keeps staff sockets' rooms in step with care teams: after a membership change has committed, each
 * affected staff member's sockets (on every api node) join or leave the client's rooms, by whether they
 * are on the team now. A membership that starts or ends later takes effect on their next connection.
 */
@Injectable()
export class CareTeamRooms {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly realtime: Realtime,
    private readonly clock: Clock,
  ) {}

  async resync(organizationId: string, clientId: string, staffUserIds: string[]): Promise<void> {
    const rows: { staff_user_id: string }[] = await this.db.query(
      `SELECT DISTINCT staff_user_id FROM care_team_membership
        WHERE organization_id = $1 AND client_id = $2 AND staff_user_id = ANY($3::uuid[])
          AND starts_at <= $4 AND (ends_at IS NULL OR ends_at > $4)`,
      [organizationId, clientId, staffUserIds, this.clock.now()],
    );
    const onTeam = new Set(rows.map((r) => r.staff_user_id));
    const rooms = [Rooms.careTeam(clientId), Rooms.client(clientId)];
    for (const userId of new Set(staffUserIds)) {
      if (onTeam.has(userId)) this.realtime.join(Rooms.user(userId), rooms);
      else this.realtime.leave(Rooms.user(userId), rooms);
    }
  }
}

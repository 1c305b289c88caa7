import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '@attune/platform';
import { JaasProvider } from './jaas-provider.js';
import { JitsiProvider } from './jitsi-provider.js';
import { newRoomName, type MeetingProvider } from './meeting-provider.js';
import { StaticProvider } from './static-provider.js';

const MEETING_KINDS = new Set(['video', 'group']);

/**
 * A visit's meeting room: created with the visit (video and group visits), replaced when it moves,
 * revoked when it is cancelled. Which provider is configuration (MEETING_PROVIDER).
 */
@Injectable()
export class MeetingLinks {
  readonly provider: MeetingProvider | null;

  constructor(config: AppConfig) {
    this.provider = providerFor(config);
    if (this.provider?.name === 'jitsi' && config.meetings.jitsi?.domain === 'meet.jit.si') {
      new Logger('meetings').warn('Video visits use the public meet.jit.si: demo mode only, never for real health data (it needs a signed-in moderator).');
    }
  }

  /** Whether a visit of this kind gets a room. */
  needsRoom(kind: string): boolean {
    return this.provider !== null && MEETING_KINDS.has(kind);
  }

  async create(tx: EntityManager, organizationId: string, visits: { id: string; kind: string }[], now: Date): Promise<void> {
    const withRoom = visits.filter((v) => this.needsRoom(v.kind));
    if (withRoom.length === 0) return;
    await tx.query(
      `INSERT INTO visit_link (visit_id, organization_id, provider, room, created_at)
       SELECT v, $1, $2, r, $3 FROM unnest($4::uuid[], $5::text[]) AS x(v, r)`,
      [organizationId, this.provider!.name, now, withRoom.map((v) => v.id), withRoom.map(() => newRoomName())],
    );
  }

  /** A moved visit meets in a new room: a link sent for the old time no longer joins. */
  async replace(tx: EntityManager, organizationId: string, visitIds: string[], now: Date): Promise<void> {
    if (visitIds.length === 0) return;
    await tx.query(
      `UPDATE visit_link l SET room = x.r, created_at = $2
         FROM unnest($3::uuid[], $4::text[]) AS x(v, r)
        WHERE l.visit_id = x.v AND l.organization_id = $1 AND l.revoked_at IS NULL`,
      [organizationId, now, visitIds, visitIds.map(() => newRoomName())],
    );
  }

  async revoke(tx: EntityManager, organizationId: string, visitIds: string[], now: Date): Promise<void> {
    if (visitIds.length === 0) return;
    await tx.query(`UPDATE visit_link SET revoked_at = $3 WHERE visit_id = ANY($2::uuid[]) AND organization_id = $1 AND revoked_at IS NULL`, [
      organizationId,
      visitIds,
      now,
    ]);
  }
}

function providerFor(config: AppConfig): MeetingProvider | null {
  const m = config.meetings;
  switch (m.provider) {
    case 'none':
      return null;
    case 'jitsi':
      return new JitsiProvider(m.jitsi!);
    case 'jaas':
      return new JaasProvider(m.jaas!);
    case 'static':
      return new StaticProvider(m.staticUrl!);
  }
}

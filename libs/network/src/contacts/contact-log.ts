import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessPolicy } from '@attune/care';
import type { Actor } from '@attune/identity';
import { Clock, isUuidLike, Problem } from '@attune/platform';

export const CONTACT_CHANNELS = ['call', 'text', 'in_person', 'video', 'meeting'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
/** Who entered the contact: the client, a staff member, or a check-in that named a person on the map. */
export const CONTACT_SOURCES = ['client', 'staff', 'checkin'] as const;
export type ContactSource = (typeof CONTACT_SOURCES)[number];

export interface ContactRecord {
  clientId: string;
  personId: string;
  at: Date;
  how: ContactChannel;
  /** Whether reaching out helped; null when the client did not say. */
  helped: boolean | null;
  source: ContactSource;
  /** The account that entered it (the client, a staff member); null for an automatic source. */
  recordedBy?: string | null;
  /** When it was entered: the caller's Clock. Left out, the database's transaction time. */
  recordedAt?: Date;
}

export interface ContactView {
  id: string;
  personId: string;
  at: Date;
  how: ContactChannel;
  helped: boolean | null;
  source: ContactSource;
  recordedBy: string | null;
  recordedAt: Date;
}

/** How far ahead of the clock a contact may be dated (phones whose clocks run a little fast). */
const FUTURE_SLACK_MS = 5 * 60_000;

/**
 * Who the client reached out to, when, how, and whether it helped. Entered by the client or staff over
 * HTTP (`log`), or by another context inside its own transaction (`ContactLog.record`: a check-in that
 * names a person from the map), which has already made its own access decision.
 */
@Injectable()
export class ContactLog {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: AccessPolicy,
    private readonly clock: Clock,
  ) {}

  async log(
    actor: Actor,
    clientId: string,
    input: Omit<ContactRecord, 'clientId' | 'source' | 'recordedBy' | 'recordedAt'>,
  ): Promise<ContactView> {
    await this.policy.require(actor, clientId, 'network:write', { action: 'contact-log.record' });
    if (input.at.getTime() > this.clock.now().getTime() + FUTURE_SLACK_MS)
      throw Problem.invalid('at', 'is in the future');
    return this.db.transaction((tx) =>
      ContactLog.record(
        tx,
        {
          ...input,
          clientId,
          source: actor.role === 'client' ? 'client' : 'staff',
          recordedBy: actor.userId,
          recordedAt: this.clock.now(),
        },
      ),
    );
  }

  async list(actor: Actor, clientId: string, range: { from?: Date; to?: Date } = {}): Promise<ContactView[]> {
    const access = await this.policy.require(actor, clientId, 'network:read', { action: 'contact-log.read' });
    const rows: ContactRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM contact_log_entry
        WHERE client_id = $1 AND organization_id = $2 AND ($3::timestamptz IS NULL OR at >= $3) AND ($4::timestamptz IS NULL OR at < $4)
        ORDER BY at DESC, id`,
      [clientId, access.organizationId, range.from ?? null, range.to ?? null],
    );
    return rows.map(toView);
  }

  /**
   * Writes one contact in the caller's transaction. The person must be on this client's map; the
   * organisation is the client's. Refusals are 422s naming the field, and nothing is written.
   */
  static async record(tx: EntityManager, input: ContactRecord): Promise<ContactView> {
    if (!(CONTACT_CHANNELS as readonly string[]).includes(input.how))
      throw Problem.invalid('how', `must be one of ${CONTACT_CHANNELS.join(', ')}`);
    if (!(CONTACT_SOURCES as readonly string[]).includes(input.source))
      throw Problem.invalid('source', `must be one of ${CONTACT_SOURCES.join(', ')}`);
    if (!(input.at instanceof Date) || Number.isNaN(input.at.getTime()))
      throw Problem.invalid('at', 'must be an instant');
    if (input.helped !== null && typeof input.helped !== 'boolean')
      throw Problem.invalid('helped', 'must be true, false or null');
    const people: { organization_id: string }[] =
      isUuidLike(input.personId) && isUuidLike(input.clientId)
        ? await tx.query(
            `SELECT organization_id FROM social_person WHERE id = $1 AND client_id = $2 AND removed_at IS NULL`,
            [input.personId, input.clientId],
          )
        : [];
    if (!people[0]) throw Problem.invalid('personId', "is not on this client's social map");
    const [row]: ContactRow[] = await tx.query(
      `INSERT INTO contact_log_entry (organization_id, client_id, person_id, at, how, helped, source, recorded_by, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9::timestamptz, now())) RETURNING ${COLUMNS}`,
      [
        people[0].organization_id,
        input.clientId,
        input.personId,
        input.at,
        input.how,
        input.helped,
        input.source,
        input.recordedBy ?? null,
        input.recordedAt ?? null,
      ],
    );
    return toView(row);
  }
}

const COLUMNS = 'id, person_id, at, how, helped, source, recorded_by, recorded_at';

interface ContactRow {
  id: string;
  person_id: string;
  at: Date;
  how: ContactChannel;
  helped: boolean | null;
  source: ContactSource;
  recorded_by: string | null;
  recorded_at: Date;
}

function toView(row: ContactRow): ContactView {
  return {
    id: row.id,
    personId: row.person_id,
    at: row.at,
    how: row.how,
    helped: row.helped,
    source: row.source,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at,
  };
}

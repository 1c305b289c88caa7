import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessPolicy, ClientProfiles } from '@attune/care';
import type { Actor } from '@attune/identity';
import { Clock, isUuidLike, Problem } from '@attune/platform';
import {
  EDITABLE_FIELDS,
  SOCIAL_LABELS,
  toShareable,
  toView,
  type EditableField,
  type ShareablePerson,
  type SocialPersonChange,
  type SocialPersonInput,
  type SocialPersonPatch,
  type SocialPersonRow,
  type SocialPersonView,
} from './social-person.js';

const COLUMNS = `id, name, relationship, label, in_recovery, phone, phone_from_client, email, version, created_at, updated_at`;
const COLUMN_OF: Record<EditableField, string> = {
  name: 'name',
  relationship: 'relationship',
  label: 'label',
  inRecovery: 'in_recovery',
  phone: 'phone',
  email: 'email',
};

/**
 * The client's social map: edited by the client and their team (`network:write`), read with its labels by
 * those who hold `network:read`. Every change writes a history row holding the full state after it, so
 * "who changed what, when" and "what was this person's label on that day" are both one query.
 */
@Injectable()
export class SocialMap {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: AccessPolicy,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, clientId: string): Promise<SocialPersonView[]> {
    const access = await this.policy.require(actor, clientId, 'network:read', { action: 'social-map.read' });
    const rows: SocialPersonRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM social_person WHERE client_id = $1 AND organization_id = $2 AND removed_at IS NULL ORDER BY lower(name), id`,
      [clientId, access.organizationId],
    );
    return rows.map(toView);
  }

  async add(actor: Actor, clientId: string, input: SocialPersonInput): Promise<SocialPersonView> {
    const access = await this.policy.require(actor, clientId, 'network:write', { action: 'social-map.add' });
    checkLabel(input.label);
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      await ClientProfiles.lock(tx, access.organizationId, clientId);
      const [row]: SocialPersonRow[] = await tx.query(
        `INSERT INTO social_person (organization_id, client_id, name, relationship, label, in_recovery, phone, phone_from_client, email, version, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $10) RETURNING ${COLUMNS}`,
        [
          access.organizationId,
          clientId,
          input.name.trim(),
          input.relationship ?? null,
          input.label,
          input.inRecovery ?? false,
          input.phone ?? null,
          actor.role === 'client' && !!input.phone,
          input.email ?? null,
          now,
        ],
      );
      const fields = EDITABLE_FIELDS.filter(
        (f) => f === 'name' || f === 'label' || (input[f] !== undefined && input[f] !== null),
      );
      await this.recordChange(tx, access.organizationId, clientId, row, fields, false, actor, now);
      return toView(row);
    });
  }

  /** Changes the fields given; a patch that changes nothing writes no history. */
  async update(
    actor: Actor,
    clientId: string,
    personId: string,
    patch: SocialPersonPatch,
  ): Promise<SocialPersonView> {
    const access = await this.policy.require(actor, clientId, 'network:write', {
      action: 'social-map.update',
      subjectId: personId,
    });
    if (patch.label !== undefined) checkLabel(patch.label);
    if (patch.name !== undefined && patch.name.trim() === '')
      throw Problem.invalid('name', 'must not be empty');
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      await ClientProfiles.lock(tx, access.organizationId, clientId);
      const current = await this.findLive(tx, access.organizationId, clientId, personId);
      const before = toView(current);
      const changed = EDITABLE_FIELDS.filter(
        (f) => patch[f] !== undefined && normalise(f, patch[f]) !== before[f],
      );
      if (changed.length === 0) return before;
      const sets = changed.map((f, i) => `${COLUMN_OF[f]} = $${i + 4}`);
      const values = changed.map((f) => normalise(f, patch[f]));
      // Whether the phone came from the client decides whether it may appear in the client's own texts.
      if (changed.includes('phone'))
        sets.push(`phone_from_client = ${actor.role === 'client' && patch.phone ? 'true' : 'false'}`);
      // UPDATE answers [rows, count] through TypeORM's postgres driver.
      const [[row]]: [SocialPersonRow[], number] = await tx.query(
        `UPDATE social_person SET ${sets.join(', ')}, version = version + 1, updated_at = $3
          WHERE id = $1 AND organization_id = $2 RETURNING ${COLUMNS}`,
        [personId, access.organizationId, now, ...values],
      );
      await this.recordChange(tx, access.organizationId, clientId, row, changed, false, actor, now);
      return toView(row);
    });
  }

  /** Takes a person off the map. Their history and past contacts stay (metrics are computed from them). */
  async remove(actor: Actor, clientId: string, personId: string): Promise<void> {
    const access = await this.policy.require(actor, clientId, 'network:write', {
      action: 'social-map.remove',
      subjectId: personId,
    });
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      await ClientProfiles.lock(tx, access.organizationId, clientId);
      await this.findLive(tx, access.organizationId, clientId, personId);
      // UPDATE answers [rows, count] through TypeORM's postgres driver.
      const [[row]]: [SocialPersonRow[], number] = await tx.query(
        `UPDATE social_person SET removed_at = $3, version = version + 1, updated_at = $3 WHERE id = $1 AND organization_id = $2 RETURNING ${COLUMNS}`,
        [personId, access.organizationId, now],
      );
      await this.recordChange(tx, access.organizationId, clientId, row, ['removed'], true, actor, now);
    });
  }

  /** Every change to the map, newest first: who changed which fields, when, and the state after it. */
  async history(actor: Actor, clientId: string): Promise<SocialPersonChange[]> {
    const access = await this.policy.require(actor, clientId, 'network:read', {
      action: 'social-map.history',
    });
    const rows: ChangeRow[] = await this.db.query(
      `SELECT person_id, version, changed_fields, name, relationship, label, in_recovery, phone, email, removed, changed_by, changed_by_role, changed_at
         FROM social_person_change WHERE client_id = $1 AND organization_id = $2 ORDER BY changed_at DESC, id DESC`,
      [clientId, access.organizationId],
    );
    return rows.map((r) => ({
      personId: r.person_id,
      version: r.version,
      changedFields: r.changed_fields,
      name: r.name,
      relationship: r.relationship,
      label: r.label,
      inRecovery: r.in_recovery,
      phone: r.phone,
      email: r.email,
      removed: r.removed,
      changedBy: r.changed_by,
      changedByRole: r.changed_by_role,
      changedAt: r.changed_at,
    }));
  }

  /**
   * The label-free projection for anything that leaves the care team (a supporter, an export, a text).
   * No access decision here: the caller has made its own (a consent, the client's own text) in `tx`.
   */
  static async shareable(
    tx: EntityManager,
    organizationId: string,
    clientId: string,
    personIds?: string[],
  ): Promise<ShareablePerson[]> {
    const rows: Pick<SocialPersonRow, 'id' | 'name' | 'phone' | 'phone_from_client'>[] = await tx.query(
      `SELECT id, name, phone, phone_from_client FROM social_person
        WHERE client_id = $1 AND organization_id = $2 AND removed_at IS NULL AND ($3::uuid[] IS NULL OR id = ANY($3))
        ORDER BY lower(name), id`,
      [clientId, organizationId, personIds ?? null],
    );
    return rows.map(toShareable);
  }

  private async findLive(
    tx: EntityManager,
    organizationId: string,
    clientId: string,
    personId: string,
  ): Promise<SocialPersonRow> {
    const rows: SocialPersonRow[] = isUuidLike(personId)
      ? await tx.query(
          `SELECT ${COLUMNS} FROM social_person WHERE id = $1 AND client_id = $2 AND organization_id = $3 AND removed_at IS NULL FOR UPDATE`,
          [personId, clientId, organizationId],
        )
      : [];
    if (!rows[0]) throw Problem.notFound('person');
    return rows[0];
  }

  private async recordChange(
    tx: EntityManager,
    organizationId: string,
    clientId: string,
    row: SocialPersonRow,
    fields: string[],
    removed: boolean,
    actor: Actor,
    at: Date,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO social_person_change (organization_id, client_id, person_id, version, changed_fields, name, relationship, label, in_recovery, phone, email, removed, changed_by, changed_by_role, changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        organizationId,
        clientId,
        row.id,
        row.version,
        fields,
        row.name,
        row.relationship,
        row.label,
        row.in_recovery,
        row.phone,
        row.email,
        removed,
        actor.userId,
        actor.role,
        at,
      ],
    );
  }
}

interface ChangeRow {
  person_id: string;
  version: number;
  changed_fields: string[];
  name: string;
  relationship: string | null;
  label: SocialPersonChange['label'];
  in_recovery: boolean;
  phone: string | null;
  email: string | null;
  removed: boolean;
  changed_by: string;
  changed_by_role: string;
  changed_at: Date;
}

function checkLabel(label: string): void {
  if (!(SOCIAL_LABELS as readonly string[]).includes(label))
    throw Problem.invalid('label', `must be one of ${SOCIAL_LABELS.join(', ')}`);
}

function normalise(field: EditableField, value: unknown): unknown {
  if (field === 'name' && typeof value === 'string') return value.trim();
  if (field === 'inRecovery') return value === true;
  return value ?? null;
}

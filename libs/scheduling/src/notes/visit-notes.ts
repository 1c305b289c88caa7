import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessPolicy, AuditTrail, decideCounsellingNote, type ClientAccess } from '@attune/care';
import type { Actor } from '@attune/identity';
import { Clock, isUuidLike, Problem } from '@attune/platform';

export interface VisitNote {
  id: string;
  visitId: string;
  clientId: string;
  authorUserId: string;
  counselling: boolean;
  body: string;
  signedAt: Date | null;
  addenda: { id: string; authorUserId: string; body: string; createdAt: Date }[];
  createdAt: Date;
  updatedAt: Date;
}

export interface NewVisitNote {
  body: string;
  counselling?: boolean;
}

interface NoteRow {
  id: string;
  visit_id: string;
  client_id: string;
  author_user_id: string;
  author_supervisor_user_id: string | null;
  counselling: boolean;
  body: string;
  signed_at: Date | null;
  created_at: Date;
  updated_at: Date;
  addenda: { id: string; authorUserId: string; body: string; createdAt: string }[];
}

const SELECT = `SELECT n.id, n.visit_id, n.client_id, n.author_user_id, s.supervisor_user_id AS author_supervisor_user_id, n.counselling, n.body,
       n.signed_at, n.created_at, n.updated_at,
       coalesce((SELECT json_agg(json_build_object('id', a.id, 'authorUserId', a.author_user_id, 'body', a.body, 'createdAt', a.created_at) ORDER BY a.created_at, a.id)
                   FROM visit_note_addendum a WHERE a.note_id = n.id), '[]') AS addenda
  FROM visit_note n JOIN staff_member s ON s.user_id = n.author_user_id`;

const toNote = (r: NoteRow): VisitNote => ({
  id: r.id,
  visitId: r.visit_id,
  clientId: r.client_id,
  authorUserId: r.author_user_id,
  counselling: r.counselling,
  body: r.body,
  signedAt: r.signed_at,
  addenda: r.addenda.map((a) => ({ ...a, createdAt: new Date(a.createdAt) })),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * What happened at a visit, written by each attending team member after it. A note is a draft until its
 * author signs it; then it is locked and corrections are addenda. Counselling notes are read only by their
 * author and the author's supervisor (audited), never listed to anyone else.
 */
@Injectable()
export class VisitNotes {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: AccessPolicy,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async write(actor: Actor, clientId: string, visitId: string, input: NewVisitNote): Promise<VisitNote> {
    const capability = input.counselling ? 'counselling-notes:write' : 'visit-notes:write';
    const access = await this.policy.require(actor, clientId, capability, { action: 'visit_note.write', subjectId: uuid(visitId) });
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const rows: { status: string; starts_at: Date; attending: boolean }[] = uuid(visitId)
        ? await tx.query(
            `SELECT v.status, v.starts_at, EXISTS (SELECT 1 FROM visit_attendee a WHERE a.visit_id = v.id AND a.user_id = $4) AS attending
               FROM visit v WHERE v.id = $1 AND v.organization_id = $2 AND v.client_id = $3`,
            [visitId, access.organizationId, clientId, actor.userId],
          )
        : [];
      const visit = rows[0];
      if (!visit) throw Problem.notFound('visit');
      if (!visit.attending) throw Problem.forbidden('only a team member who attended the visit writes its note');
      if (visit.status === 'cancelled' || visit.starts_at > now) throw Problem.conflict('visitId', 'notes are written after a visit has taken place');
      const inserted: { id: string }[] = await tx.query(
        `INSERT INTO visit_note (organization_id, client_id, visit_id, author_user_id, counselling, body, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (visit_id, author_user_id) DO NOTHING RETURNING id`,
        [access.organizationId, clientId, visitId, actor.userId, input.counselling ?? false, input.body, now],
      );
      if (!inserted[0]) throw Problem.conflict('visitId', 'you already wrote a note for this visit; edit it or add an addendum');
      return (await this.find(tx, access, inserted[0].id))!;
    });
  }

  async list(actor: Actor, clientId: string, visitId: string): Promise<VisitNote[]> {
    const access = await this.policy.require(actor, clientId, 'clinical:read', { action: 'visit_note.list', subjectId: uuid(visitId) });
    const rows: NoteRow[] = uuid(visitId)
      ? await this.db.query(`${SELECT} WHERE n.visit_id = $1 AND n.organization_id = $2 AND n.client_id = $3 ORDER BY n.created_at, n.id`, [visitId, access.organizationId, clientId])
      : [];
    const readable: NoteRow[] = [];
    for (const row of rows) {
      if (!row.counselling) readable.push(row);
      else if (decideCounsellingNote(actor, facts(row)).outcome === 'allowed') {
        await this.recordCounsellingRead(actor, access, row);
        readable.push(row);
      }
    }
    return readable.map(toNote);
  }

  async read(actor: Actor, clientId: string, noteId: string): Promise<VisitNote> {
    const access = await this.policy.require(actor, clientId, 'clinical:read', { action: 'visit_note.read', subjectId: uuid(noteId) });
    return this.readable(this.db.manager, actor, access, noteId);
  }

  async edit(actor: Actor, clientId: string, noteId: string, body: string): Promise<VisitNote> {
    const access = await this.policy.require(actor, clientId, 'visit-notes:write', { action: 'visit_note.edit', subjectId: uuid(noteId) });
    return this.db.transaction(async (tx) => {
      const note = await this.ownNote(tx, actor, access, noteId);
      if (note.signedAt) throw Problem.conflict('body', 'a signed note is locked; add an addendum instead');
      await tx.query(`UPDATE visit_note SET body = $3, updated_at = $4 WHERE id = $1 AND organization_id = $2`, [note.id, access.organizationId, body, this.clock.now()]);
      return (await this.find(tx, access, note.id))!;
    });
  }

  async sign(actor: Actor, clientId: string, noteId: string): Promise<VisitNote> {
    const access = await this.policy.require(actor, clientId, 'visit-notes:write', { action: 'visit_note.sign', subjectId: uuid(noteId) });
    return this.db.transaction(async (tx) => {
      const note = await this.ownNote(tx, actor, access, noteId);
      if (note.signedAt) throw Problem.conflict('signedAt', 'already signed');
      const now = this.clock.now();
      await tx.query(`UPDATE visit_note SET signed_at = $3, updated_at = $3 WHERE id = $1 AND organization_id = $2`, [note.id, access.organizationId, now]);
      return (await this.find(tx, access, note.id))!;
    });
  }

  async addAddendum(actor: Actor, clientId: string, noteId: string, body: string): Promise<VisitNote> {
    const access = await this.policy.require(actor, clientId, 'visit-notes:write', { action: 'visit_note.addendum', subjectId: uuid(noteId) });
    return this.db.transaction(async (tx) => {
      const note = await this.ownNote(tx, actor, access, noteId);
      if (!note.signedAt) throw Problem.conflict('body', 'a draft is edited; addenda follow a signed note');
      await tx.query(`INSERT INTO visit_note_addendum (note_id, organization_id, author_user_id, body, created_at) VALUES ($1, $2, $3, $4, $5)`, [
        note.id,
        access.organizationId,
        actor.userId,
        body,
        this.clock.now(),
      ]);
      return (await this.find(tx, access, note.id))!;
    });
  }

  /** The author's own note, locked for the change. */
  private async ownNote(tx: EntityManager, actor: Actor, access: ClientAccess, noteId: string): Promise<VisitNote> {
    const note = uuid(noteId) ? await this.find(tx, access, noteId, true) : null;
    if (!note) throw Problem.notFound('note');
    if (note.authorUserId !== actor.userId) throw Problem.forbidden('only its author changes a note');
    return note;
  }

  private async readable(manager: EntityManager, actor: Actor, access: ClientAccess, noteId: string): Promise<VisitNote> {
    const rows: NoteRow[] = uuid(noteId) ? await manager.query(`${SELECT} WHERE n.id = $1 AND n.organization_id = $2 AND n.client_id = $3`, [noteId, access.organizationId, access.clientId]) : [];
    const row = rows[0];
    if (!row) throw Problem.notFound('note');
    if (row.counselling) {
      if (decideCounsellingNote(actor, facts(row)).outcome !== 'allowed') {
        await this.audit.record({ organizationId: access.organizationId, actorUserId: actor.userId, actorRole: actor.role, action: 'counselling_note.read', capability: 'clinical:read', clientId: access.clientId, subjectId: row.id, outcome: 'denied', basis: access.basis });
        throw Problem.forbidden('counselling notes are read only by their author and the author\'s supervisor');
      }
      await this.recordCounsellingRead(actor, access, row);
    }
    return toNote(row);
  }

  private async recordCounsellingRead(actor: Actor, access: ClientAccess, row: NoteRow): Promise<void> {
    const decision = decideCounsellingNote(actor, facts(row));
    await this.audit.record({
      organizationId: access.organizationId,
      actorUserId: actor.userId,
      actorRole: actor.role,
      action: 'counselling_note.read',
      capability: 'clinical:read',
      clientId: access.clientId,
      subjectId: row.id,
      outcome: 'allowed',
      basis: decision.outcome === 'allowed' ? decision.basis : null,
    });
  }

  private async find(manager: EntityManager, access: ClientAccess, noteId: string, lock = false): Promise<VisitNote | null> {
    const rows: NoteRow[] = await manager.query(`${SELECT} WHERE n.id = $1 AND n.organization_id = $2 AND n.client_id = $3 ${lock ? 'FOR NO KEY UPDATE OF n' : ''}`, [
      noteId,
      access.organizationId,
      access.clientId,
    ]);
    return rows[0] ? toNote(rows[0]) : null;
  }
}

const facts = (row: NoteRow) => ({ authorUserId: row.author_user_id, authorSupervisorUserId: row.author_supervisor_user_id });
const uuid = (value: string) => (isUuidLike(value) ? value : undefined);

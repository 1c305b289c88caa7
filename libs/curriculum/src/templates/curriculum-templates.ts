import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessPolicy, AuditTrail } from '@attune/care';
import type { Actor } from '@attune/identity';
import { Clock, isUuidLike, Problem } from '@attune/platform';
import DEFAULT_TEMPLATE from './default-template.json' with { type: 'json' };
import { validateTemplateDocument, type TemplateDocument } from './template-document.js';

/** Marks the shipped default in `source`, so loading it again finds it and does nothing. */
export const DEFAULT_TEMPLATE_SOURCE = 'default';

export interface TemplateVersionView {
  id: string;
  templateId: string;
  version: number;
  name: string;
  totalWeeks: number;
  isDefault: boolean;
  createdAt: Date;
}

export interface TemplateVersionDetail extends TemplateVersionView {
  document: TemplateDocument;
}

interface Row {
  id: string;
  template_id: string;
  version: number;
  name: string;
  total_weeks: number;
  source: string | null;
  created_at: Date;
  document?: TemplateDocument;
}

const COLUMNS = `v.id, v.template_id, v.version, v.name, v.total_weeks, v.source, v.created_at`;

/**
 * The organisation's curriculum templates. A version, once written, never changes (a trigger refuses
 * UPDATE): an edit writes the next version, so no enrolled client's plan moves under them.
 * Staff read them; admins import and edit them (an organisation capability: templates hold no client data).
 */
@Injectable()
export class CurriculumTemplates {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: AccessPolicy,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  /** The latest version of every template. Loads the shipped default first if the organisation has none. */
  async list(actor: Actor): Promise<TemplateVersionView[]> {
    await this.policy.requireOrganization(actor, 'curriculum:templates-read');
    await this.ensureDefault(this.db.manager, actor.organizationId);
    const rows: Row[] = await this.db.query(
      `SELECT DISTINCT ON (v.template_id) ${COLUMNS} FROM curriculum_template_version v
        WHERE v.organization_id = $1 ORDER BY v.template_id, v.version DESC`,
      [actor.organizationId],
    );
    return rows.sort((a, b) => a.created_at.getTime() - b.created_at.getTime()).map(view);
  }

  /** One version (the latest when none is named), with its document. */
  async get(actor: Actor, templateId: string, version?: number): Promise<TemplateVersionDetail> {
    await this.policy.requireOrganization(actor, 'curriculum:templates-read');
    return this.find(this.db.manager, actor.organizationId, templateId, version);
  }

  /** A new template from an imported document (version 1). 422 names the path of each bad field. */
  async import(actor: Actor, input: unknown): Promise<TemplateVersionDetail> {
    await this.policy.requireOrganization(actor, 'curriculum:templates-manage');
    const document = checked(input);
    return this.db.transaction(async (tx) => {
      const [{ id }] = await tx.query<{ id: string }[]>(`SELECT gen_random_uuid() AS id`);
      return this.write(tx, actor, id, 1, document);
    });
  }

  /** An edit: the next version of the template. Clients enrolled on earlier versions keep theirs. */
  async edit(actor: Actor, templateId: string, input: unknown): Promise<TemplateVersionDetail> {
    await this.policy.requireOrganization(actor, 'curriculum:templates-manage');
    const document = checked(input);
    return this.db.transaction(async (tx) => {
      const latest = await this.find(tx, actor.organizationId, templateId);
      // Two edits at once: the unique (template_id, version) refuses the second; lock to queue them instead.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [templateId]);
      const [{ next }] = await tx.query<{ next: number }[]>(`SELECT max(version) + 1 AS next FROM curriculum_template_version WHERE template_id = $1`, [latest.templateId]);
      return this.write(tx, actor, templateId, next, document);
    });
  }

  /**
   * Loads the shipped default template for an organisation if it has not been loaded yet: on start-up
   * for every organisation, and lazily for one created since. Idempotent (a unique index on the source).
   */
  async ensureDefault(manager: EntityManager, organizationId?: string): Promise<void> {
    const document = checked(DEFAULT_TEMPLATE);
    await manager.query(
      `INSERT INTO curriculum_template_version (organization_id, template_id, version, name, source, document, total_weeks, created_at)
       SELECT o.id, gen_random_uuid(), 1, $2, $3, $4::jsonb, $5, $6 FROM organization o
        WHERE ($1::uuid IS NULL OR o.id = $1)
          AND NOT EXISTS (SELECT 1 FROM curriculum_template_version v WHERE v.organization_id = o.id AND v.source = $3)
       ON CONFLICT DO NOTHING`,
      [organizationId ?? null, document.name, DEFAULT_TEMPLATE_SOURCE, JSON.stringify(document), document.modules.length, this.clock.now()],
    );
  }

  /** The latest version of the organisation's default template (loaded if missing). */
  async defaultVersion(manager: EntityManager, organizationId: string): Promise<TemplateVersionDetail> {
    await this.ensureDefault(manager, organizationId);
    const [row] = await manager.query<{ template_id: string }[]>(
      `SELECT template_id FROM curriculum_template_version WHERE organization_id = $1 AND source = $2`,
      [organizationId, DEFAULT_TEMPLATE_SOURCE],
    );
    return this.find(manager, organizationId, row.template_id);
  }

  /** A version by its own id, in the organisation (404 otherwise). */
  async version(manager: EntityManager, organizationId: string, versionId: string): Promise<TemplateVersionDetail> {
    if (!isUuidLike(versionId)) throw Problem.invalid('templateVersionId', 'must be a uuid');
    const [row] = await manager.query<Row[]>(`SELECT ${COLUMNS}, v.document FROM curriculum_template_version v WHERE v.id = $1 AND v.organization_id = $2`, [versionId, organizationId]);
    if (!row) throw Problem.notFound('template version');
    return detail(row);
  }

  private async find(manager: EntityManager, organizationId: string, templateId: string, version?: number): Promise<TemplateVersionDetail> {
    if (!isUuidLike(templateId)) throw Problem.notFound('template');
    const [row] = await manager.query<Row[]>(
      `SELECT ${COLUMNS}, v.document FROM curriculum_template_version v
        WHERE v.template_id = $1 AND v.organization_id = $2 AND ($3::int IS NULL OR v.version = $3)
        ORDER BY v.version DESC LIMIT 1`,
      [templateId, organizationId, version ?? null],
    );
    if (!row) throw Problem.notFound(version === undefined ? 'template' : 'template version');
    return detail(row);
  }

  private async write(tx: EntityManager, actor: Actor, templateId: string, version: number, document: TemplateDocument): Promise<TemplateVersionDetail> {
    const [row] = await tx.query<Row[]>(
      `INSERT INTO curriculum_template_version AS v (organization_id, template_id, version, name, document, total_weeks, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8) RETURNING ${COLUMNS}, v.document`,
      [actor.organizationId, templateId, version, document.name, JSON.stringify(document), document.modules.length, actor.userId, this.clock.now()],
    );
    await this.audit.record(
      { organizationId: actor.organizationId, actorUserId: actor.userId, actorRole: actor.role, action: 'curriculum.template.write', outcome: 'allowed', basis: 'admin', subjectId: row.id },
      tx,
    );
    return detail(row);
  }
}

function checked(input: unknown): TemplateDocument {
  const result = validateTemplateDocument(input);
  if (!result.ok) throw new Problem(422, 'Unprocessable content', result.errors.map((e) => `${e.field}: ${e.message}`).join('; '), result.errors);
  return result.document;
}



const view = (r: Row): TemplateVersionView => ({
  id: r.id,
  templateId: r.template_id,
  version: r.version,
  name: r.name,
  totalWeeks: r.total_weeks,
  isDefault: r.source === DEFAULT_TEMPLATE_SOURCE,
  createdAt: r.created_at,
});
const detail = (r: Row): TemplateVersionDetail => ({ ...view(r), document: r.document! });

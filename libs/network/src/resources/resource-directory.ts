import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessPolicy, AuditTrail } from '@attune/care';
import type { Actor } from '@attune/identity';
import { Problem, type FieldError } from '@attune/platform';
import { compileServices, flattenServices, type HsdsService } from './hsds-json.js';
import { HsdsStore } from './hsds-store.js';
import { HSDS_TABLE_NAMES, type HsdsRow, type HsdsRows, type HsdsTableName } from './hsds-tables.js';
import { readTabularPackage, writeTabularPackage, type TabularPackage } from './hsds-tabular.js';
import { validateHsds } from './hsds-validate.js';

export interface ResourceSearch {
  /** A taxonomy term's code, name or id; a broader term finds services tagged with its narrower terms. */
  category?: string;
  /** A service area name such as a county: "Cook" finds "Cook County" (case and the word "County" aside). */
  county?: string;
  /** true: services with a virtual location; false: services with none. */
  online?: boolean;
}

export interface ImportSummary {
  /** Rows written (inserted or updated by HSDS id), per HSDS table. */
  rows: Record<HsdsTableName, number>;
  skippedFiles: string[];
  skippedFields: string[];
}

/** HSDS JSON as the HSDS API pages it: here always one page. */
export interface HsdsServicePage {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: HsdsService[];
}

const SEARCH_LIMIT = 200;

/**
 * The programme's directory of community resources (Open Referral HSDS 3.0). Organisation-level data, no
 * client data: everyone in the programme searches it (`resources:search`), admins and case managers keep it
 * (`resources:manage`). Imports are validated whole before anything is written, written in one
 * transaction, and keyed by HSDS ids, so importing the same package again changes nothing.
 */
@Injectable()
export class ResourceDirectory {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: AccessPolicy,
    private readonly audit: AuditTrail,
  ) {}

  async search(actor: Actor, query: ResourceSearch): Promise<HsdsServicePage> {
    await this.policy.requireOrganization(actor, 'resources:search');
    const rows: { id: string }[] = await this.db.query(
      `WITH RECURSIVE wanted AS (
         SELECT t.id FROM hsds_taxonomy_term t
          WHERE t.programme_id = $1 AND $2::text IS NOT NULL AND (t.id = $2 OR lower(t.code) = lower($2) OR lower(t.name) = lower($2))
         UNION
         SELECT c.id FROM hsds_taxonomy_term c JOIN wanted w ON c.parent_id = w.id WHERE c.programme_id = $1
       )
       SELECT s.id FROM hsds_service s
        WHERE s.programme_id = $1 AND s.status = 'active'
          AND ($2::text IS NULL OR EXISTS (
                SELECT 1 FROM hsds_attribute a JOIN wanted w ON w.id = a.taxonomy_term_id
                 WHERE a.programme_id = $1 AND a.link_entity = 'service' AND a.link_id = s.id))
          AND ($3::text IS NULL OR EXISTS (
                SELECT 1 FROM hsds_service_area sa
                 WHERE sa.programme_id = $1
                   AND (sa.service_id = s.id OR sa.service_at_location_id IN (SELECT sal.id FROM hsds_service_at_location sal WHERE sal.programme_id = $1 AND sal.service_id = s.id))
                   AND lower(regexp_replace(trim(sa.name), '\\s+county$', '', 'i')) = lower(regexp_replace(trim($3), '\\s+county$', '', 'i'))))
          AND ($4::boolean IS NULL OR $4 = EXISTS (
                SELECT 1 FROM hsds_service_at_location sal JOIN hsds_location l ON l.programme_id = sal.programme_id AND l.id = sal.location_id
                 WHERE sal.programme_id = $1 AND sal.service_id = s.id AND l.location_type = 'virtual'))
        ORDER BY s.name, s.id LIMIT ${SEARCH_LIMIT}`,
      [actor.organizationId, emptyToNull(query.category), emptyToNull(query.county), query.online ?? null],
    );
    return page(
      await compileServices(
        this.db.manager,
        actor.organizationId,
        rows.map((r) => r.id),
      ),
    );
  }

  async service(actor: Actor, serviceId: string): Promise<HsdsService> {
    await this.policy.requireOrganization(actor, 'resources:search');
    const [service] = await compileServices(this.db.manager, actor.organizationId, [serviceId]);
    if (!service) throw Problem.notFound('service');
    return service;
  }

  async importTabular(actor: Actor, pkg: TabularPackage): Promise<ImportSummary> {
    await this.policy.requireOrganization(actor, 'resources:manage');
    const parsed = readTabularPackage(pkg);
    return this.write(
      actor,
      parsed.rows,
      parsed.errors,
      parsed.skippedFiles,
      parsed.skippedFields,
      'resources.import-tabular',
    );
  }

  async importJson(actor: Actor, services: unknown[]): Promise<ImportSummary> {
    await this.policy.requireOrganization(actor, 'resources:manage');
    const flat = flattenServices(services);
    return this.write(actor, flat.rows, flat.errors, [], flat.skippedFields, 'resources.import-json');
  }

  async exportTabular(actor: Actor): Promise<TabularPackage> {
    await this.policy.requireOrganization(actor, 'resources:manage');
    const tables = {} as Record<HsdsTableName, HsdsRow[]>;
    for (const table of HSDS_TABLE_NAMES)
      tables[table] = await HsdsStore.rows(this.db.manager, actor.organizationId, table);
    await this.recordOrganizationAction(actor, 'resources.export-tabular', this.db.manager);
    return writeTabularPackage(tables, 'attune-community-resources');
  }

  async exportJson(actor: Actor): Promise<HsdsServicePage> {
    await this.policy.requireOrganization(actor, 'resources:manage');
    const ids = (await HsdsStore.rows(this.db.manager, actor.organizationId, 'service')).map((s) => s.id!);
    await this.recordOrganizationAction(actor, 'resources.export-json', this.db.manager);
    return page(await compileServices(this.db.manager, actor.organizationId, ids));
  }

  private async write(
    actor: Actor,
    rows: HsdsRows,
    errors: FieldError[],
    skippedFiles: string[],
    skippedFields: string[],
    action: string,
  ): Promise<ImportSummary> {
    if (errors.length > 0) throw unprocessable(errors);
    return this.db.transaction(async (tx) => {
      // One import at a time per programme, so the references checked are the references written.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('hsds-import:' || $1, 0))`, [actor.organizationId]);
      const problems = validateHsds(rows, await HsdsStore.knownIds(tx, actor.organizationId));
      if (problems.length > 0) throw unprocessable(problems);
      const counts = {} as Record<HsdsTableName, number>;
      for (const table of HSDS_TABLE_NAMES) {
        await HsdsStore.upsert(
          tx,
          actor.organizationId,
          table,
          rows[table].map((r) => r.row),
        );
        counts[table] = rows[table].length;
      }
      await this.recordOrganizationAction(actor, action, tx);
      return { rows: counts, skippedFiles, skippedFields };
    });
  }

  private async recordOrganizationAction(actor: Actor, action: string, tx: EntityManager): Promise<void> {
    await this.audit.record(
      {
        organizationId: actor.organizationId,
        actorUserId: actor.userId,
        actorRole: actor.role,
        action,
        outcome: 'allowed',
      },
      tx,
    );
  }
}

const MAX_LISTED_ERRORS = 50;

function unprocessable(errors: FieldError[]): Problem {
  const listed = errors.slice(0, MAX_LISTED_ERRORS);
  const more = errors.length > listed.length ? ` (and ${errors.length - listed.length} more)` : '';
  return new Problem(
    422,
    'Unprocessable content',
    `nothing was imported: ${listed.map((e) => `${e.field}: ${e.message}`).join('; ')}${more}`,
    listed,
  );
}

function page(contents: HsdsService[]): HsdsServicePage {
  return {
    total_items: contents.length,
    total_pages: 1,
    page_number: 1,
    size: contents.length,
    first_page: true,
    last_page: true,
    empty: contents.length === 0,
    contents,
  };
}

const emptyToNull = (value: string | undefined) =>
  value === undefined || value.trim() === '' ? null : value.trim();

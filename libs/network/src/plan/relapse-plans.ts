import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessPolicy, ClientProfiles, type ClientAccess, type Disclosed } from '@attune/care';
import type { Actor } from '@attune/identity';
import { Clock, isUuidLike, Problem } from '@attune/platform';
import { SocialMap } from '../social-map/social-map.js';
import {
  changedSections,
  checkPeopleToCall,
  EMPTY_PLAN,
  normalisePlan,
  type CopingSteps,
  type PlanContent,
} from './plan-content.js';
import { planText } from './plan-text.js';

export interface PlanView {
  /** 0 before the first version is written. */
  version: number;
  content: PlanContent;
  changedBy: string | null;
  changedAt: Date | null;
}

export interface PlanVersionView extends PlanView {
  changedFields: string[];
  changedByRole: string | null;
  /** The team's proposal this version came from, and who proposed it; null for the client's own edits. */
  proposalId: string | null;
  proposedBy: string | null;
}

export type ProposalStatus = 'pending' | 'accepted' | 'declined';

export interface ProposalView {
  id: string;
  baseVersion: number;
  content: PlanContent;
  note: string | null;
  status: ProposalStatus;
  proposedBy: string;
  proposedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  resultingVersion: number | null;
}

/**
 * The relapse-prevention plan. The client owns it: only the client writes a version (`plan:write`), by
 * editing or by accepting a proposal; the team proposes (`plan:propose`) on the version it read. Every
 * write names its base version, checked under a lock on the client row: a proposal made on an old version,
 * or the acceptance of one whose base is no longer current, is a 409 and writes nothing.
 */
@Injectable()
export class RelapsePlans {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: AccessPolicy,
    private readonly clock: Clock,
  ) {}

  async current(actor: Actor, clientId: string): Promise<PlanView> {
    const access = await this.policy.require(actor, clientId, 'plan:read', { action: 'relapse-plan.read' });
    return strip(await latest(this.db.manager, access.organizationId, clientId));
  }

  async versions(actor: Actor, clientId: string): Promise<PlanVersionView[]> {
    const access = await this.policy.require(actor, clientId, 'plan:read', {
      action: 'relapse-plan.versions',
    });
    const rows: VersionRow[] = await this.db.query(
      `SELECT ${VERSION_COLUMNS} FROM relapse_plan_version v LEFT JOIN relapse_plan_proposal p ON p.id = v.proposal_id
        WHERE v.client_id = $1 AND v.organization_id = $2 ORDER BY v.version DESC`,
      [clientId, access.organizationId],
    );
    return rows.map(versionView);
  }

  /** The client edits their plan directly, on the version they read. */
  async edit(
    actor: Actor,
    clientId: string,
    baseVersion: number,
    content: PlanContent,
  ): Promise<PlanVersionView> {
    const access = await this.policy.require(actor, clientId, 'plan:write', { action: 'relapse-plan.edit' });
    return this.db.transaction(async (tx) => {
      const current = await this.lockedCurrent(tx, access, clientId, baseVersion);
      const next = normalisePlan(content);
      await checkPeople(tx, access, clientId, next);
      return this.writeVersion(tx, access, clientId, actor, current, next, null);
    });
  }

  async propose(
    actor: Actor,
    clientId: string,
    baseVersion: number,
    content: PlanContent,
    note: string | null,
  ): Promise<ProposalView> {
    const access = await this.policy.require(actor, clientId, 'plan:propose', {
      action: 'relapse-plan.propose',
    });
    return this.db.transaction(async (tx) => {
      await this.lockedCurrent(tx, access, clientId, baseVersion);
      const proposed = normalisePlan(content);
      await checkPeople(tx, access, clientId, proposed);
      const [row]: ProposalRow[] = await tx.query(
        `INSERT INTO relapse_plan_proposal (organization_id, client_id, base_version, content, note, status, proposed_by, proposed_at)
         VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7) RETURNING ${PROPOSAL_COLUMNS}`,
        [access.organizationId, clientId, baseVersion, proposed, note, actor.userId, this.clock.now()],
      );
      return proposalView(row);
    });
  }

  async proposals(actor: Actor, clientId: string): Promise<ProposalView[]> {
    const access = await this.policy.require(actor, clientId, 'plan:read', {
      action: 'relapse-plan.proposals',
    });
    const rows: ProposalRow[] = await this.db.query(
      `SELECT ${PROPOSAL_COLUMNS} FROM relapse_plan_proposal WHERE client_id = $1 AND organization_id = $2 ORDER BY proposed_at DESC, id`,
      [clientId, access.organizationId],
    );
    return rows.map(proposalView);
  }

  /** The client accepts a proposal: it becomes version N+1 if its base N is still current (else 409). */
  async accept(actor: Actor, clientId: string, proposalId: string): Promise<PlanVersionView> {
    const access = await this.policy.require(actor, clientId, 'plan:write', {
      action: 'relapse-plan.accept',
      subjectId: isUuidLike(proposalId) ? proposalId : undefined,
    });
    return this.db.transaction(async (tx) => {
      const proposal = await this.pendingProposal(tx, access, clientId, proposalId);
      const current = await this.lockedCurrent(tx, access, clientId, proposal.base_version);
      await checkPeople(tx, access, clientId, proposal.content);
      const version = await this.writeVersion(
        tx,
        access,
        clientId,
        actor,
        current,
        proposal.content,
        proposal.id,
      );
      await tx.query(
        `UPDATE relapse_plan_proposal SET status = 'accepted', decided_by = $2, decided_at = $3, resulting_version = $4 WHERE id = $1`,
        [proposal.id, actor.userId, this.clock.now(), version.version],
      );
      return { ...version, proposedBy: proposal.proposed_by };
    });
  }

  async decline(actor: Actor, clientId: string, proposalId: string): Promise<ProposalView> {
    const access = await this.policy.require(actor, clientId, 'plan:write', {
      action: 'relapse-plan.decline',
      subjectId: isUuidLike(proposalId) ? proposalId : undefined,
    });
    return this.db.transaction(async (tx) => {
      await ClientProfiles.lock(tx, access.organizationId, clientId);
      const proposal = await this.pendingProposal(tx, access, clientId, proposalId);
      // UPDATE answers [rows, count] through TypeORM's postgres driver.
      const [[row]]: [ProposalRow[], number] = await tx.query(
        `UPDATE relapse_plan_proposal SET status = 'declined', decided_by = $2, decided_at = $3 WHERE id = $1 RETURNING ${PROPOSAL_COLUMNS}`,
        [proposal.id, actor.userId, this.clock.now()],
      );
      return proposalView(row);
    });
  }

  /** The compact SMS form of the current plan: no third-party labels, people by first name only. */
  async text(actor: Actor, clientId: string): Promise<{ version: number; text: string; segments: number }> {
    const access = await this.policy.require(actor, clientId, 'plan:read', { action: 'relapse-plan.text' });
    return RelapsePlans.textOf(this.db.manager, access.organizationId, clientId);
  }

  /** The coping steps (coping strategies and crisis lines) for the team and the client; supporters read them through `copingSteps`. */
  async coping(actor: Actor, clientId: string): Promise<CopingSteps> {
    const access = await this.policy.require(actor, clientId, 'plan:read', { action: 'relapse-plan.coping' });
    return RelapsePlans.copingOf(this.db.manager, access.organizationId, clientId);
  }

  /**
   * The coping steps as a supporter whose consent has the `plan:coping` scope receives them (the team and
   * the client read them too, as a use): the policy accounts a supporter's read as a disclosure.
   */
  async copingSteps(actor: Actor, clientId: string): Promise<Disclosed<CopingSteps>> {
    const access = await this.policy.require(actor, clientId, 'plan:read-coping', { action: 'relapse-plan.coping' });
    return { data: await RelapsePlans.copingOf(this.db.manager, access.organizationId, clientId), disclosure: access.disclosure ?? null };
  }

  /** For other contexts that made their own decision (the SMS work): the plan's text in `tx`. */
  static async textOf(
    tx: EntityManager,
    organizationId: string,
    clientId: string,
  ): Promise<{ version: number; text: string; segments: number }> {
    const plan = await latest(tx, organizationId, clientId);
    const people = await SocialMap.shareable(tx, organizationId, clientId, plan.content.peopleToCall);
    return { version: plan.version, ...planText(plan.content, people) };
  }

  /** For a context that made its own decision: the coping steps in `tx`. */
  static async copingOf(tx: EntityManager, organizationId: string, clientId: string): Promise<CopingSteps> {
    const plan = await latest(tx, organizationId, clientId);
    return {
      version: plan.version,
      copingStrategies: plan.content.copingStrategies,
      crisisLines: plan.content.crisisLines,
    };
  }

  /** Locks the client row, then compares the caller's base version with the current one. */
  private async lockedCurrent(
    tx: EntityManager,
    access: ClientAccess,
    clientId: string,
    baseVersion: number,
  ): Promise<VersionRow> {
    await ClientProfiles.lock(tx, access.organizationId, clientId);
    const current = await latest(tx, access.organizationId, clientId);
    if (current.version !== baseVersion) {
      throw Problem.conflict(
        'baseVersion',
        `the plan is at version ${current.version}; re-read it and make the change on that version`,
      );
    }
    return current;
  }

  private async pendingProposal(
    tx: EntityManager,
    access: ClientAccess,
    clientId: string,
    proposalId: string,
  ): Promise<ProposalRow> {
    const rows: ProposalRow[] = isUuidLike(proposalId)
      ? await tx.query(
          `SELECT ${PROPOSAL_COLUMNS} FROM relapse_plan_proposal WHERE id = $1 AND client_id = $2 AND organization_id = $3 FOR UPDATE`,
          [proposalId, clientId, access.organizationId],
        )
      : [];
    if (!rows[0]) throw Problem.notFound('proposal');
    if (rows[0].status !== 'pending')
      throw Problem.conflict('status', `the proposal is already ${rows[0].status}`);
    return rows[0];
  }

  private async writeVersion(
    tx: EntityManager,
    access: ClientAccess,
    clientId: string,
    actor: Actor,
    current: VersionRow,
    content: PlanContent,
    proposalId: string | null,
  ): Promise<PlanVersionView> {
    const [row]: VersionRow[] = await tx.query(
      `INSERT INTO relapse_plan_version (organization_id, client_id, version, content, changed_fields, changed_by, changed_by_role, changed_at, proposal_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       RETURNING version, content, changed_fields, changed_by, changed_by_role, changed_at, proposal_id, NULL::uuid AS proposed_by`,
      [
        access.organizationId,
        clientId,
        current.version + 1,
        content,
        changedSections(current.content, content),
        actor.userId,
        actor.role,
        this.clock.now(),
        proposalId,
      ],
    );
    return versionView(row);
  }
}

async function checkPeople(
  tx: EntityManager,
  access: ClientAccess,
  clientId: string,
  content: PlanContent,
): Promise<void> {
  const onMap = new Set((await SocialMap.shareable(tx, access.organizationId, clientId)).map((p) => p.id));
  const errors = checkPeopleToCall(content.peopleToCall, onMap);
  if (errors.length > 0)
    throw new Problem(
      422,
      'Unprocessable content',
      errors.map((e) => `${e.field}: ${e.message}`).join('; '),
      errors,
    );
}

async function latest(manager: EntityManager, organizationId: string, clientId: string): Promise<VersionRow> {
  const rows: VersionRow[] = await manager.query(
    `SELECT ${VERSION_COLUMNS} FROM relapse_plan_version v LEFT JOIN relapse_plan_proposal p ON p.id = v.proposal_id
      WHERE v.client_id = $1 AND v.organization_id = $2 ORDER BY v.version DESC LIMIT 1`,
    [clientId, organizationId],
  );
  return (
    rows[0] ?? {
      version: 0,
      content: EMPTY_PLAN,
      changed_fields: [],
      changed_by: null,
      changed_by_role: null,
      changed_at: null,
      proposal_id: null,
      proposed_by: null,
    }
  );
}

const VERSION_COLUMNS =
  'v.version, v.content, v.changed_fields, v.changed_by, v.changed_by_role, v.changed_at, v.proposal_id, p.proposed_by';
const PROPOSAL_COLUMNS =
  'id, base_version, content, note, status, proposed_by, proposed_at, decided_by, decided_at, resulting_version';

interface VersionRow {
  version: number;
  content: PlanContent;
  changed_fields: string[];
  changed_by: string | null;
  changed_by_role: string | null;
  changed_at: Date | null;
  proposal_id: string | null;
  proposed_by: string | null;
}

interface ProposalRow {
  id: string;
  base_version: number;
  content: PlanContent;
  note: string | null;
  status: ProposalStatus;
  proposed_by: string;
  proposed_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  resulting_version: number | null;
}

function strip(row: VersionRow): PlanView {
  return { version: row.version, content: row.content, changedBy: row.changed_by, changedAt: row.changed_at };
}

function versionView(row: VersionRow): PlanVersionView {
  return {
    ...strip(row),
    changedFields: row.changed_fields,
    changedByRole: row.changed_by_role,
    proposalId: row.proposal_id,
    proposedBy: row.proposed_by,
  };
}

function proposalView(row: ProposalRow): ProposalView {
  return {
    id: row.id,
    baseVersion: row.base_version,
    content: row.content,
    note: row.note,
    status: row.status,
    proposedBy: row.proposed_by,
    proposedAt: row.proposed_at,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    resultingVersion: row.resulting_version,
  };
}

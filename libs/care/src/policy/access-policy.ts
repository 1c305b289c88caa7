import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '@attune/identity';
import { Clock, groupCommit, isUuidLike, preparedQuery, Problem } from '@attune/platform';
import { AuditTrail, type AuditEntry } from '../audit/audit-trail.js';
import { PROFILE_COLUMNS, toProfile, type ClientProfile, type ProfileRow } from '../clients/client-profile.js';
import { decide, type AccessFacts } from './access-decision.js';
import { activeConsentSql, DisclosureLedger, type DisclosureReceipt } from './disclosure-ledger.js';
import { ORGANIZATION_GRANTS, type AccessBasis, type Capability, type OrganizationCapability } from './capabilities.js';

export interface ClientAccess {
  clientId: string;
  organizationId: string;
  clientUserId: string;
  basis: AccessBasis;
  /** The record as it was read for the decision: a profile read needs no second query. */
  client: ClientProfile;
  /** Set when the actor is a supporter: the read is a disclosure, already accounted; show its notice with the data. */
  disclosure?: DisclosureReceipt;
}

export interface AccessOptions {
  /** What the caller is doing, for the audit trail (defaults to the capability). */
  action?: string;
  /**
   * Run the facts query and the audit insert inside the caller's transaction. A refusal thrown inside a
   * transaction rolls its own audit event back, so write paths call `require` before they open one.
   */
  tx?: EntityManager;
  /** What the person typed to justify the access (break-glass); kept on the audit event, never logged. */
  reason?: string;
  /** The record the action creates or touches (a break-glass grant), linked from the audit event. */
  subjectId?: string;
}

/** One client a list query found for the actor, with the facts the decision needs. */
export interface ListedClient {
  clientId: string;
  organizationId: string;
  clientUserId: string;
  activeTeamRoles: string[];
}

/**
 * THE access policy. Every use of a client's data calls `require` first: one query gathers the facts,
 * `decide` rules, an audit event records the decision either way, and a refusal throws 404 or 403.
 */
@Injectable()
export class AccessPolicy {
  /** Concurrent requests' facts in one query (see groupCommit); a lone request's at once. */
  private readonly groupedFacts: (asked: FactsQuestion) => Promise<Facts | null>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    @Optional() private readonly ledger?: DisclosureLedger,
  ) {
    this.groupedFacts = groupCommit((asked: readonly FactsQuestion[]) => this.factsOf(this.db.manager, asked));
  }

  async require(actor: Actor, clientId: string, capability: Capability, options: AccessOptions = {}): Promise<ClientAccess> {
    return (await this.requireAny(actor, clientId, [capability], options)).access;
  }

  /**
   * The first of several capabilities the actor holds, widest first (`measures:read` before
   * `measures:read-social`): one facts query, one decision, one audit event. When none is held the
   * refusal is decided and recorded under the first.
   */
  async requireAny(
    actor: Actor,
    clientId: string,
    capabilities: readonly [Capability, ...Capability[]],
    options: AccessOptions = {},
  ): Promise<{ access: ClientAccess; capability: Capability }> {
    const { access, capability, allowed } = await this.decide(actor, clientId, capabilities, options);
    await this.audit.record(allowed, options.tx);
    return { access, capability };
  }

  /**
   * `require` for a write whose own statement records the allowed decision: its audit event comes back
   * for that statement to insert (see `AuditTrail.insertFromJsonSql`), so the event commits with the change
   * in one round trip. A refusal is recorded here at once, as always, and thrown.
   */
  async requireForWrite(actor: Actor, clientId: string, capability: Capability, options: Pick<AccessOptions, 'action' | 'subjectId'> = {}): Promise<ClientAccess & { audit: AuditEntry }> {
    const { access, allowed } = await this.decide(actor, clientId, [capability], options);
    return { ...access, audit: allowed };
  }

  /** One facts query and one decision; a refusal is audited and thrown, an allowed decision's event is returned unwritten. */
  private async decide(
    actor: Actor,
    clientId: string,
    capabilities: readonly [Capability, ...Capability[]],
    options: AccessOptions,
  ): Promise<{ access: ClientAccess; capability: Capability; allowed: AuditEntry }> {
    const facts = await this.facts(options.tx, actor, clientId);
    const capability = capabilities.find((c) => decide(actor, facts, c).outcome === 'allowed') ?? capabilities[0];
    let decision = decide(actor, facts, capability);
    // A supporter's read leaves the programme: without a ledger to account for it, nothing is disclosed.
    if (decision.outcome === 'allowed' && decision.basis === 'supporter' && !this.ledger) decision = { outcome: 'denied', basis: 'supporter' };
    const event: AuditEntry = {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      actorRole: actor.role,
      action: options.action ?? capability,
      capability,
      // A probe at another organisation's id is recorded without linking it to that client.
      clientId: decision.outcome === 'not_found' ? null : clientId,
      subjectId: decision.outcome === 'not_found' ? (isUuidLike(clientId) ? clientId : null) : (options.subjectId ?? null),
      outcome: decision.outcome,
      basis: decision.outcome === 'not_found' ? null : decision.basis,
      reason: options.reason ?? null,
    };
    if (decision.outcome !== 'allowed') {
      await this.audit.record(event, options.tx);
      if (decision.outcome === 'not_found') throw Problem.notFound('client');
      throw Problem.forbidden(`${capability}: not allowed for this client`);
    }
    const access: ClientAccess = {
      clientId,
      organizationId: facts!.clientOrganizationId,
      clientUserId: facts!.clientUserId,
      basis: decision.basis,
      client: facts!.client,
    };
    if (decision.basis === 'supporter') {
      access.disclosure = await this.ledger!.recordSupporterRead(options.tx ?? this.db.manager, {
        organizationId: access.organizationId,
        clientId,
        consentId: decision.consentId!,
        supporterUserId: actor.userId,
        capability,
        action: options.action ?? capability,
      });
    }
    return { access, capability, allowed: event };
  }

  /** Organisation-wide actions (register a client, invite staff, list every client). Audited when refused. */
  async requireOrganization(actor: Actor, capability: OrganizationCapability): Promise<void> {
    if (ORGANIZATION_GRANTS[actor.role].includes(capability)) return;
    await this.audit.record({
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      actorRole: actor.role,
      action: capability,
      capability,
      outcome: 'denied',
    });
    throw Problem.forbidden(`${capability}: not allowed for role ${actor.role}`);
  }

  /**
   * Lists (caseloads) find many clients in one query; each is still ruled by `decide` and audited, one
   * event per client returned, in a single insert. Clients the rule refuses are left out.
   */
  async filterListed<T extends ListedClient>(
    actor: Actor,
    capability: Capability,
    candidates: T[],
    options: Pick<AccessOptions, 'action' | 'tx'> = {},
  ): Promise<(T & { basis: AccessBasis })[]> {
    const allowed = candidates.flatMap((candidate) => {
      const decision = decide(
        actor,
        { clientOrganizationId: candidate.organizationId, clientUserId: candidate.clientUserId, activeTeamRoles: candidate.activeTeamRoles, breakGlassActive: false },
        capability,
      );
      return decision.outcome === 'allowed' ? [{ ...candidate, basis: decision.basis }] : [];
    });
    await this.audit.recordMany(
      allowed.map((client) => ({
        organizationId: actor.organizationId,
        actorUserId: actor.userId,
        actorRole: actor.role,
        action: options.action ?? capability,
        capability,
        clientId: client.clientId,
        outcome: 'allowed' as const,
        basis: client.basis,
      })),
      options.tx,
    );
    return allowed;
  }

  can(actor: Actor, capability: OrganizationCapability): boolean {
    return ORGANIZATION_GRANTS[actor.role].includes(capability);
  }

  /** One round trip: the record, the actor's team roles on it and any live break-glass grant. */
  private async facts(manager: EntityManager | undefined, actor: Actor, clientId: string): Promise<Facts | null> {
    if (!isUuidLike(clientId)) return null;
    const asked: FactsQuestion = { clientId, userId: actor.userId, organizationId: actor.organizationId, role: actor.role };
    // Inside a transaction the caller's connection answers; otherwise concurrent requests share a query.
    return manager ? (await this.factsOf(manager, [asked]))[0] : this.groupedFacts(asked);
  }

  private async factsOf(manager: EntityManager, asked: readonly FactsQuestion[]): Promise<(Facts | null)[]> {
    const rows = await preparedQuery<
      ProfileRow & { n: string; organization_id: string; user_id: string; team_roles: string[]; break_glass: boolean; supporter_consents: { id: string; scopes: string[] }[] }
    >(
      manager,
      'access-policy-facts-v3',
      `SELECT w.n, c.organization_id, c.user_id, ${PROFILE_COLUMNS},
              ARRAY(SELECT m.team_role FROM care_team_membership m
                     WHERE m.client_id = c.id AND m.staff_user_id = w.user_id
                       AND m.starts_at <= $5 AND (m.ends_at IS NULL OR m.ends_at > $5)) AS team_roles,
              EXISTS (SELECT 1 FROM break_glass_grant g
                       WHERE g.client_id = c.id AND g.staff_user_id = w.user_id
                         AND g.starts_at <= $5 AND g.expires_at > $5) AS break_glass,
              CASE WHEN w.role = 'supporter' THEN COALESCE(
                (SELECT json_agg(json_build_object('id', k.id, 'scopes', k.scopes) ORDER BY k.signed_at, k.id)
                   FROM consent k
                  WHERE k.client_id = c.id AND k.organization_id = c.organization_id AND k.supporter_user_id = w.user_id
                    AND ${activeConsentSql('k', 'c', '$5')}), '[]'::json) ELSE '[]'::json END AS supporter_consents
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[]) WITH ORDINALITY AS w(client_id, user_id, organization_id, role, n)
         JOIN client c ON c.id = w.client_id AND c.organization_id = w.organization_id
         JOIN user_account u ON u.id = c.user_id AND u.organization_id = c.organization_id`,
      [asked.map((a) => a.clientId), asked.map((a) => a.userId), asked.map((a) => a.organizationId), asked.map((a) => a.role), this.clock.now()],
    );
    const byPosition = new Map(rows.map((row) => [Number(row.n), row]));
    return asked.map((_, i) => {
      const row = byPosition.get(i + 1);
      if (!row) return null;
      return {
        clientOrganizationId: row.organization_id,
        clientUserId: row.user_id,
        activeTeamRoles: row.team_roles,
        breakGlassActive: row.break_glass,
        supporterConsents: row.supporter_consents,
        client: toProfile(row),
      };
    });
  }
}

type Facts = AccessFacts & { client: ClientProfile };

interface FactsQuestion {
  clientId: string;
  userId: string;
  organizationId: string;
  role: string;
}

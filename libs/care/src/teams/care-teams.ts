import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor, TeamRole } from '@attune/identity';
import { Clock, isUuidLike, Problem } from '@attune/platform';
import { ClientProfiles } from '../clients/client-profile.js';
import { CareTeamMembership } from '../entities/care-team-membership.entity.js';
import { AccessPolicy } from '../policy/access-policy.js';
import { CareTeamMembers, type CareTeamMember } from './care-team-members.js';
import { CareTeamRooms } from './care-team-rooms.js';
import { arrangeCareTeam, type CareTeamView } from './care-team-view.js';

export interface NewMember {
  staffUserId: string;
  teamRole: TeamRole;
  startsAt?: Date;
}

export interface Handoff {
  teamRole: TeamRole;
  fromStaffUserId: string;
  toStaffUserId: string;
  at?: Date;
}

interface MembershipStart {
  organizationId: string;
  clientId: string;
  staffUserId: string;
  teamRole: TeamRole;
  startsAt: Date;
}

export interface HandoffResult {
  ended: CareTeamMember;
  started: CareTeamMember;
}

/**
 * Who cares for a client, and since when. Memberships are history: a handoff ends one row and starts
 * another at the same instant, nothing is rewritten. Changes to one client's team take turns (row lock).
 * Each use case asks the policy before its transaction, so a refusal's audit event is kept.
 */
@Injectable()
export class CareTeams {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: AccessPolicy,
    private readonly clock: Clock,
    private readonly rooms: CareTeamRooms,
  ) {}

  async view(actor: Actor, clientId: string): Promise<CareTeamView> {
    const { organizationId } = await this.policy.require(actor, clientId, 'team:read', { action: 'care_team.read' });
    return arrangeCareTeam(await CareTeamMembers.ofClient(this.db.manager, organizationId, clientId), this.clock.now());
  }

  async add(actor: Actor, clientId: string, input: NewMember): Promise<CareTeamMember> {
    const { organizationId } = await this.policy.require(actor, clientId, 'team:manage', { action: 'care_team.add' });
    const startsAt = input.startsAt ?? this.clock.now();
    const added = await this.db.transaction(async (tx) => {
      await ClientProfiles.lock(tx, organizationId, clientId);
      await requireEligibleStaff(tx, organizationId, input.staffUserId, input.teamRole, 'staffUserId');
      if (await CareTeamMembers.openAt(tx, organizationId, clientId, input.staffUserId, input.teamRole, startsAt)) {
        throw Problem.conflict('staffUserId', 'already on this care team in that role');
      }
      return this.start(tx, actor, { organizationId, clientId, staffUserId: input.staffUserId, teamRole: input.teamRole, startsAt });
    });
    await this.rooms.resync(organizationId, clientId, [added.userId]);
    return added;
  }

  async handoff(actor: Actor, clientId: string, input: Handoff): Promise<HandoffResult> {
    const { organizationId } = await this.policy.require(actor, clientId, 'team:manage', { action: 'care_team.handoff' });
    const at = input.at ?? this.clock.now();
    if (input.toStaffUserId === input.fromStaffUserId) throw Problem.invalid('toStaffUserId', 'must differ from fromStaffUserId');
    const result = await this.db.transaction(async (tx) => {
      await ClientProfiles.lock(tx, organizationId, clientId);
      const outgoing = await CareTeamMembers.openAt(tx, organizationId, clientId, input.fromStaffUserId, input.teamRole, at);
      if (!outgoing || outgoing.startsAt > at) throw Problem.invalid('fromStaffUserId', 'is not on this care team in that role at that time');
      if (outgoing.startsAt.getTime() === at.getTime()) throw Problem.invalid('at', 'must be after the outgoing membership starts');
      await requireEligibleStaff(tx, organizationId, input.toStaffUserId, input.teamRole, 'toStaffUserId');
      if (await CareTeamMembers.openAt(tx, organizationId, clientId, input.toStaffUserId, input.teamRole, at)) {
        throw Problem.conflict('toStaffUserId', 'already on this care team in that role');
      }
      const ended = await this.finish(tx, organizationId, outgoing, at);
      const started = await this.start(tx, actor, { organizationId, clientId, staffUserId: input.toStaffUserId, teamRole: input.teamRole, startsAt: at });
      return { ended, started };
    });
    await this.rooms.resync(organizationId, clientId, [result.ended.userId, result.started.userId]);
    return result;
  }

  async end(actor: Actor, clientId: string, membershipId: string, at?: Date): Promise<CareTeamMember> {
    const { organizationId } = await this.policy.require(actor, clientId, 'team:manage', { action: 'care_team.end' });
    const endsAt = at ?? this.clock.now();
    const ended = await this.db.transaction(async (tx) => {
      await ClientProfiles.lock(tx, organizationId, clientId);
      const membership = isUuidLike(membershipId) ? await CareTeamMembers.find(tx, organizationId, clientId, membershipId) : null;
      if (!membership) throw Problem.notFound('membership');
      if (membership.endsAt) throw Problem.conflict('membershipId', 'already ended');
      if (endsAt <= membership.startsAt) throw Problem.invalid('at', 'must be after the membership starts');
      return this.finish(tx, organizationId, membership, endsAt);
    });
    await this.rooms.resync(organizationId, clientId, [ended.userId]);
    return ended;
  }

  private async start(tx: EntityManager, actor: Actor, row: MembershipStart): Promise<CareTeamMember> {
    const saved = await tx.save(
      tx.create(CareTeamMembership, { ...row, endsAt: null, createdBy: actor.userId, createdAt: this.clock.now() }),
    );
    return (await CareTeamMembers.find(tx, row.organizationId, row.clientId, saved.id))!;
  }

  private async finish(tx: EntityManager, organizationId: string, membership: CareTeamMember, endsAt: Date): Promise<CareTeamMember> {
    await tx.update(CareTeamMembership, { id: membership.membershipId, organizationId }, { endsAt });
    return { ...membership, endsAt };
  }
}

/** Only an active staff member of this organisation whose role is the team role can join a team. */
async function requireEligibleStaff(tx: EntityManager, organizationId: string, staffUserId: string, teamRole: TeamRole, field: string): Promise<void> {
  const rows: { role: string; active: boolean }[] = await tx.query(
    `SELECT u.role, (s.status = 'active' AND u.disabled_at IS NULL) AS active
       FROM staff_member s JOIN user_account u ON u.id = s.user_id
      WHERE s.user_id = $1 AND s.organization_id = $2`,
    [staffUserId, organizationId],
  );
  const staff = rows[0];
  if (!staff) throw Problem.invalid(field, 'is not a staff member of this organisation');
  if (!staff.active) throw Problem.invalid(field, 'is not an active staff member');
  if (staff.role !== teamRole) throw Problem.invalid(field, `has a role that is not ${teamRole}`);
}

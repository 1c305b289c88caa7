import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { UserAccount, UserAccounts, type Actor } from '@attune/identity';
import { Clock, DomainEvents, Problem, type AfterCommit } from '@attune/platform';
import { AuditTrail } from '../audit/audit-trail.js';
import { Client, type ClientStatus, type Connectivity } from '../entities/client.entity.js';
import { AccessPolicy } from '../policy/access-policy.js';
import { ClientProfiles, type ClientProfile } from './client-profile.js';
import { canMove, REGISTRATION_STATUSES } from './client-status.js';
import { requireCalendarDate, requirePhone, requireText, requireTimeZone } from './contact-rules.js';

export interface NewClient {
  preferredName: string;
  timeZone: string;
  phone: string;
  email?: string | null;
  connectivity: Connectivity;
  programmeStartDate: string;
  status?: ClientStatus;
}

/** A partial update: an absent field stays as it is; `email: null` removes the email address. */
export interface ClientChanges {
  preferredName?: string;
  timeZone?: string;
  phone?: string;
  email?: string | null;
  connectivity?: Connectivity;
  programmeStartDate?: string;
  status?: ClientStatus;
}

const NAME_MAX = 100;

/** Registering clients and keeping their record current. */
@Injectable()
export class ClientRegistry {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: AccessPolicy,
    private readonly accounts: UserAccounts,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
  ) {}

  /** The sign-in account and the client record are created together or not at all. */
  async register(actor: Actor, input: NewClient): Promise<ClientProfile> {
    await this.policy.requireOrganization(actor, 'clients:register');
    const preferredName = requireText('preferredName', input.preferredName, NAME_MAX);
    requireTimeZone('timeZone', input.timeZone);
    requirePhone('phone', input.phone);
    requireCalendarDate('programmeStartDate', input.programmeStartDate);
    const status = input.status ?? 'intake';
    if (!REGISTRATION_STATUSES.includes(status)) throw Problem.invalid('status', 'a new client starts in intake, active or aftercare');
    const organizationId = actor.organizationId;
    return this.db.transaction(async (tx) => {
      const account = await this.accounts.create(tx, { organizationId, role: 'client', email: input.email, phone: input.phone, timeZone: input.timeZone });
      const now = this.clock.now();
      const client = await tx.save(
        tx.create(Client, {
          organizationId,
          userId: account.id,
          preferredName,
          connectivity: input.connectivity,
          status,
          programmeStartDate: input.programmeStartDate,
          createdAt: now,
          updatedAt: now,
        }),
      );
      await this.audit.record(
        { organizationId, actorUserId: actor.userId, actorRole: actor.role, action: 'client.register', capability: 'clients:register', clientId: client.id, outcome: 'allowed' },
        tx,
      );
      return (await ClientProfiles.find(tx, organizationId, client.id))!;
    });
  }

  async profile(actor: Actor, clientId: string): Promise<ClientProfile> {
    const access = await this.policy.require(actor, clientId, 'client:read', { action: 'client.read' });
    return access.client;
  }

  /** A signed-in client's own record; staff have none. */
  async ownProfile(actor: Actor): Promise<ClientProfile> {
    const clientId = actor.role === 'client' ? await ClientProfiles.idOfUser(this.db.manager, actor.organizationId, actor.userId) : null;
    if (!clientId) throw Problem.notFound('client');
    return this.profile(actor, clientId);
  }

  async update(actor: Actor, clientId: string, changes: ClientChanges): Promise<ClientProfile> {
    // Decided (and audited) before the transaction: a refusal inside it would roll its audit event back.
    const { organizationId } = await this.policy.require(actor, clientId, 'client:update', { action: 'client.update' });
    const preferredName = changes.preferredName === undefined ? undefined : requireText('preferredName', changes.preferredName, NAME_MAX);
    if (changes.timeZone !== undefined) requireTimeZone('timeZone', changes.timeZone);
    if (changes.phone !== undefined) requirePhone('phone', changes.phone);
    if (changes.programmeStartDate !== undefined) requireCalendarDate('programmeStartDate', changes.programmeStartDate);
    let followUps: AfterCommit[] = [];
    const profile = await this.db.transaction(async (tx) => {
      const current = await ClientProfiles.lock(tx, organizationId, clientId);
      if (!current) throw Problem.notFound('client');
      if (changes.status !== undefined && !canMove(current.status, changes.status)) {
        throw Problem.conflict('status', `cannot move from ${current.status} to ${changes.status}`);
      }
      const previousTimeZone = changes.timeZone === undefined ? undefined : await timeZoneOf(tx, organizationId, current.userId);
      await this.updateContact(tx, organizationId, current.userId, changes);
      await tx.update(
        Client,
        { id: clientId, organizationId },
        definedOnly({ preferredName, connectivity: changes.connectivity, programmeStartDate: changes.programmeStartDate, status: changes.status, updatedAt: this.clock.now() }),
      );
      if (changes.timeZone !== undefined && previousTimeZone !== undefined && previousTimeZone !== changes.timeZone) {
        // Subscribers (reminders) re-plan what is due at a local time inside this transaction.
        followUps = await this.events.publish(tx, 'client.time_zone_changed', {
          organizationId,
          clientId,
          clientUserId: current.userId,
          previousTimeZone,
          timeZone: changes.timeZone,
        });
      }
      if (changes.status !== undefined && changes.status !== current.status) {
        followUps.push(...(await this.events.publish(tx, 'client.status_changed', { organizationId, clientId, previousStatus: current.status, status: changes.status })));
      }
      return (await ClientProfiles.find(tx, organizationId, clientId))!;
    });
    await this.events.afterCommit(followUps);
    return profile;
  }

  /** Contact details live on the sign-in account: they are how the client signs in and is reached. */
  private async updateContact(tx: EntityManager, organizationId: string, userId: string, changes: ClientChanges): Promise<void> {
    const email = changes.email === undefined ? undefined : changes.email?.trim().toLowerCase() || null;
    if (email && (await takenByAnother(tx, 'email', email, userId))) throw Problem.conflict('email', 'already registered');
    if (changes.phone && (await takenByAnother(tx, 'phone', changes.phone, userId))) throw Problem.conflict('phone', 'already registered');
    if (email === undefined && changes.phone === undefined && changes.timeZone === undefined) return;
    await tx.update(UserAccount, { id: userId, organizationId }, definedOnly({ email, phone: changes.phone, timeZone: changes.timeZone }));
  }
}

/** An absent field is left alone; `null` is a value (it clears the column). */
function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** The zone on the client's sign-in account (read under the client row's lock, before it changes). */
async function timeZoneOf(tx: EntityManager, organizationId: string, userId: string): Promise<string | undefined> {
  const rows: { time_zone: string }[] = await tx.query(`SELECT time_zone FROM user_account WHERE id = $1 AND organization_id = $2`, [userId, organizationId]);
  return rows[0]?.time_zone;
}

/** Email and phone identify who signs in, across every organisation. */
async function takenByAnother(tx: EntityManager, column: 'email' | 'phone', value: string, userId: string): Promise<boolean> {
  const rows: unknown[] = await tx.query(`SELECT 1 FROM user_account WHERE ${column} = $1 AND id <> $2`, [value, userId]);
  return rows.length > 0;
}

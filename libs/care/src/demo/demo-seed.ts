import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { PasswordHasher, UserAccount, UserAccounts, type TeamRole } from '@attune/identity';
import { AppConfig, Clock, localDate } from '@attune/platform';
import { CareTeamMembership } from '../entities/care-team-membership.entity.js';
import { Client } from '../entities/client.entity.js';
import { Organization } from '../entities/organization.entity.js';
import { StaffMember } from '../entities/staff-member.entity.js';
import { DEMO_CLIENTS, DEMO_ORGANIZATION, DEMO_STAFF, DEMO_TIME_ZONE } from './demo-people.js';

const DAY_MS = 24 * 3600_000;
const TEAM_ROLES_IN_DEMO: TeamRole[] = ['clinician', 'peer_coach', 'case_manager'];

/**
 * A demo programme for a first look at Attune (`npm start` on a fresh data folder): one organisation,
 * its staff and three clients on one care team. Runs only when configured and only on an empty
 * database, so a second start, or real data, is never touched. Passwords are random per seed and printed
 * once: the sign-in lines are for the operator, and every person in them is fictional.
 */
@Injectable()
export class DemoSeed {
  private readonly log = new Logger('demo-seed');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly accounts: UserAccounts,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  /** True when it seeded; false when demo seeding is off or an organisation already exists. */
  async seedIfEmpty(): Promise<boolean> {
    if (!this.config.demoSeed) return false;
    const passwords = new Map<string, string>();
    const hashes = new Map<string, string>();
    for (const email of [...DEMO_STAFF.map((s) => s.email), ...DEMO_CLIENTS.flatMap((c) => (c.email ? [c.email] : []))]) {
      const password = randomBytes(12).toString('base64url');
      passwords.set(email, password);
      hashes.set(email, await this.hasher.hash(password)); // argon2id, the parameters sign-in checks against
    }
    const seeded = await this.db.transaction(async (tx) => {
      // Two processes starting at once: the second waits here, then finds the organisation and stops.
      await tx.query('LOCK TABLE organization IN SHARE ROW EXCLUSIVE MODE');
      const [{ empty }]: { empty: boolean }[] = await tx.query('SELECT NOT EXISTS (SELECT 1 FROM organization) AS empty');
      if (!empty) return false;
      await this.seed(tx, hashes);
      return true;
    });
    if (seeded) this.printSignIns(passwords);
    return seeded;
  }

  private async seed(tx: EntityManager, hashes: Map<string, string>): Promise<void> {
    const now = this.clock.now();
    const organization = await tx.save(tx.create(Organization, { name: DEMO_ORGANIZATION, requireMfa: false, createdAt: now }));
    const organizationId = organization.id;
    const staffIds = new Map<string, string>();
    for (const person of DEMO_STAFF) {
      const account = await this.account(tx, organizationId, person.role, person.email, null, hashes.get(person.email)!);
      // The supervisor is created before the team, so the team members can name them.
      const supervisorUserId = TEAM_ROLES_IN_DEMO.includes(person.key as TeamRole) ? staffIds.get('supervisor')! : null;
      await tx.save(tx.create(StaffMember, { userId: account.id, organizationId, displayName: person.displayName, supervisorUserId, status: 'active', createdAt: now }));
      staffIds.set(person.key, account.id);
    }
    // The care team keeps office hours, Monday to Friday 09:00–17:00 in the demo zone, so free slots show some.
    await tx.query(
      `INSERT INTO staff_working_hours (organization_id, staff_user_id, weekday, starts_local, ends_local)
       SELECT $1, u, d, '09:00', '17:00' FROM unnest($2::uuid[]) AS u CROSS JOIN generate_series(1, 5) AS d`,
      [organizationId, TEAM_ROLES_IN_DEMO.map((role) => staffIds.get(role)!)],
    );
    for (const person of DEMO_CLIENTS) {
      const account = await this.account(tx, organizationId, 'client', person.email, person.phone, person.email ? hashes.get(person.email)! : null);
      const startedAt = new Date(now.getTime() - person.daysIn * DAY_MS);
      const client = await tx.save(
        tx.create(Client, {
          organizationId,
          userId: account.id,
          preferredName: person.preferredName,
          connectivity: person.connectivity,
          status: person.status,
          programmeStartDate: localDate(startedAt, DEMO_TIME_ZONE),
          createdAt: now,
          updatedAt: now,
        }),
      );
      for (const teamRole of TEAM_ROLES_IN_DEMO) {
        await tx.save(
          tx.create(CareTeamMembership, { organizationId, clientId: client.id, staffUserId: staffIds.get(teamRole)!, teamRole, startsAt: startedAt, endsAt: null, createdBy: staffIds.get('admin')!, createdAt: now }),
        );
      }
    }
  }

  private async account(tx: EntityManager, organizationId: string, role: UserAccount['role'], email: string | null, phone: string | null, passwordHash: string | null): Promise<UserAccount> {
    const account = await this.accounts.create(tx, { organizationId, role, email, phone, timeZone: DEMO_TIME_ZONE });
    if (passwordHash) await tx.update(UserAccount, { id: account.id, organizationId }, { passwordHash });
    return account;
  }

  private printSignIns(passwords: Map<string, string>): void {
    this.log.log(`Demo organisation "${DEMO_ORGANIZATION}" created (fictional people). Sign in at ${this.config.publicUrl} as:`);
    for (const person of DEMO_STAFF) {
      this.log.log(`  ${person.role.padEnd(12)} ${person.displayName}: email ${person.email}  password ${passwords.get(person.email)}`);
    }
    for (const person of DEMO_CLIENTS) {
      const how = person.email
        ? `email ${person.email}  password ${passwords.get(person.email)} (or a code sent to ${person.phone})`
        : `phone ${person.phone}: ask for a sign-in code; in development it lands in the outbox (npm run outbox)`;
      this.log.log(`  client       ${person.preferredName}: ${how}`);
    }
  }
}

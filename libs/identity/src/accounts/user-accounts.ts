import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Problem } from '@attune/platform';
import { UserAccount } from '../entities/user-account.entity.js';
import type { Role } from '../roles.js';

export interface NewAccount {
  organizationId: string;
  role: Role;
  email?: string | null;
  phone?: string | null;
  timeZone: string;
}

/** Creates sign-in identities. Email and phone are unique across Attune: they identify who signs in. */
@Injectable()
export class UserAccounts {
  /** Runs inside the caller's transaction, so a failed registration leaves no account behind. */
  async create(tx: EntityManager, input: NewAccount): Promise<UserAccount> {
    const email = input.email?.trim().toLowerCase() || null;
    const phone = input.phone ?? null;
    if (email && (await tx.existsBy(UserAccount, { email }))) throw Problem.conflict('email', 'already registered');
    if (phone && (await tx.existsBy(UserAccount, { phone }))) throw Problem.conflict('phone', 'already registered');
    return tx.save(
      tx.create(UserAccount, {
        organizationId: input.organizationId,
        role: input.role,
        email,
        phone,
        timeZone: input.timeZone,
        passwordHash: null,
        totpSecret: null,
        totpEnabledAt: null,
        disabledAt: null,
      }),
    );
  }
}

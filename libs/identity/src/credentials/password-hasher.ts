import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';

/**
 * argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): strong enough against offline
 * guessing, cheap enough that a burst of sign-ins does not exhaust a 2-core api node. `needsRehash`
 * lets sign-in upgrade old hashes when these numbers change.
 */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordHasher {
  private decoy: Promise<string> | undefined;

  hash(password: string): Promise<string> {
    return argon2.hash(password, OPTIONS);
  }

  async verify(stored: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(stored, password);
    } catch {
      return false; // a malformed stored hash is a failed sign-in, not a 500
    }
  }

  needsRehash(stored: string): boolean {
    try {
      return argon2.needsRehash(stored, OPTIONS);
    } catch {
      return false;
    }
  }

  /**
   * Spends the same time as a real check when there is no account or no password, so the response time
   * does not tell an attacker which emails are registered.
   */
  async verifyNothing(password: string): Promise<false> {
    this.decoy ??= this.hash('attune-decoy-password-never-matches');
    await this.verify(await this.decoy, password);
    return false;
  }
}

import type { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';

/**
 * Redis carries queued jobs (reminders, messages). Under any eviction policy but `noeviction`, a full
 * Redis silently drops keys, jobs included; the reconcilers would resend late, so say it at boot.
 * Returns the warning it logged, or null when the policy is right.
 */
export async function warnUnlessNoEviction(redis: Pick<Redis, 'config'>, log: Pick<Logger, 'warn'>): Promise<string | null> {
  let warning: string | null;
  try {
    const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
    const policy = reply[1];
    warning =
      policy === 'noeviction'
        ? null
        : `Redis maxmemory-policy is "${policy ?? 'unknown'}": set it to "noeviction", or Redis may drop queued jobs when full`;
  } catch {
    // Managed Redis services often rename or disable CONFIG.
    warning = 'Redis maxmemory-policy could not be checked (CONFIG GET refused): make sure it is "noeviction"';
  }
  if (warning) log.warn(warning);
  return warning;
}

import { describe, expect, it } from '@jest/globals';
import { warnUnlessNoEviction } from './eviction-policy.js';

const recorder = () => {
  const warnings: string[] = [];
  return { warnings, log: { warn: (message: string) => void warnings.push(message) } };
};
const redisAnswering = (reply: () => Promise<unknown>) => ({ config: reply }) as never;

describe('warnUnlessNoEviction', () => {
  it('is silent when Redis never evicts', async () => {
    const { warnings, log } = recorder();
    expect(await warnUnlessNoEviction(redisAnswering(() => Promise.resolve(['maxmemory-policy', 'noeviction'])), log)).toBeNull();
    expect(warnings).toEqual([]);
  });

  it('warns naming the policy when Redis may evict jobs', async () => {
    const { warnings, log } = recorder();
    await warnUnlessNoEviction(redisAnswering(() => Promise.resolve(['maxmemory-policy', 'allkeys-lru'])), log);
    expect(warnings).toEqual([expect.stringContaining('"allkeys-lru"')]);
  });

  it('says it could not check when CONFIG is disabled', async () => {
    const { warnings, log } = recorder();
    await warnUnlessNoEviction(redisAnswering(() => Promise.reject(new Error("ERR unknown command 'config'"))), log);
    expect(warnings).toEqual([expect.stringContaining('could not be checked')]);
  });
});

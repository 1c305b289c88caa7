import { describe, expect, it } from '@jest/globals';
import { groupCommit } from './group-commit.js';

/** A stand-in statement whose round trips the test releases by hand. */
function statement() {
  const batches: number[][] = [];
  const pending: (() => void)[] = [];
  const run = (inputs: readonly number[]) => {
    batches.push([...inputs]);
    return new Promise<(number | Error)[]>((resolve, reject) =>
      pending.push(() => (inputs.includes(13) && inputs.length > 1 ? reject(new Error('bad batch')) : resolve(inputs.map((n) => (n === 13 ? new Error('thirteen') : n * 2))))),
    );
  };
  const settleAll = async () => {
    while (pending.length > 0) {
      pending.shift()!();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { run, batches, pending, settleAll };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('groupCommit', () => {
  it('sends a lone input at once, by itself', async () => {
    const s = statement();
    const call = groupCommit(s.run);
    const answer = call(1);
    await tick();
    expect(s.batches).toEqual([[1]]);
    await s.settleAll();
    await expect(answer).resolves.toBe(2);
  });

  it('inputs that arrive while two batches are out wait and go together, in order', async () => {
    const s = statement();
    const call = groupCommit(s.run);
    const first = call(1);
    await tick();
    const second = call(2);
    await tick();
    const rest = [3, 4, 5].map((n) => call(n));
    await tick();
    expect(s.batches).toEqual([[1], [2]]);
    s.pending.shift()!();
    await tick();
    expect(s.batches).toEqual([[1], [2], [3, 4, 5]]);
    await s.settleAll();
    await expect(Promise.all([first, second, ...rest])).resolves.toEqual([2, 4, 6, 8, 10]);
  });

  it('a failed batch is run again one by one: only the bad input fails', async () => {
    const s = statement();
    const call = groupCommit(s.run);
    const busy = [call(0), call(0)];
    await tick();
    const answers = [12, 13, 14].map((n) => call(n).then((v) => v, (e: Error) => e.message));
    await s.settleAll();
    await Promise.all(busy);
    expect(await Promise.all(answers)).toEqual([24, 'thirteen', 28]);
    expect(s.batches).toContainEqual([12, 13, 14]);
    expect(s.batches).toContainEqual([13]);
  });
});

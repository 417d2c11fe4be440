import { describe, expect, it } from 'vitest';
import { ConcurrentViewUpdate, retryingConflicts } from './retry-conflicts.ts';

describe('a unit of work that meets a concurrent update', () => {
  it('runs again, loading afresh, until it goes through', async () => {
    let runs = 0;
    const result = await retryingConflicts(async () => {
      runs++;
      if (runs < 3) throw new ConcurrentViewUpdate('t1');
      return 'written';
    });
    expect({ result, runs }).toEqual({ result: 'written', runs: 3 });
  });

  it('gives up after its attempts with the conflict, and never retries other errors', async () => {
    let runs = 0;
    await expect(
      retryingConflicts(async () => {
        runs++;
        throw new ConcurrentViewUpdate('t1');
      }, 4),
    ).rejects.toBeInstanceOf(ConcurrentViewUpdate);
    expect(runs).toBe(4);
    const broken = new Error('network');
    runs = 0;
    await expect(
      retryingConflicts(async () => {
        runs++;
        throw broken;
      }),
    ).rejects.toBe(broken);
    expect(runs).toBe(1);
  });
});

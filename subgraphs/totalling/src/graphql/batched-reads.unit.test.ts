import { describe, expect, it } from 'vitest';
import { batchedReads } from './batched-reads.ts';

function recordingReader(fail = false) {
  const calls: string[][] = [];
  const read = batchedReads<string>(async (ids) => {
    calls.push([...ids]);
    if (fail) throw new Error('database down');
    return new Map(ids.filter((id) => id !== 'missing').map((id) => [id, `value of ${id}`]));
  }, 3);
  return { calls, read };
}

describe('batchedReads', () => {
  it('reads everything asked for in the same tick with one call, each id once', async () => {
    const { calls, read } = recordingReader();
    const values = await Promise.all([read('a'), read('b'), read('a'), read('missing')]);
    expect(values).toEqual(['value of a', 'value of b', 'value of a', undefined]);
    expect(calls).toEqual([['a', 'b', 'missing']]);
  });

  it('starts a new batch once the batch is full', async () => {
    const { calls, read } = recordingReader();
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((id) => read(id)));
    expect(calls).toEqual([['a', 'b', 'c'], ['d', 'e']]);
  });

  it('reads again on a later tick: nothing is cached', async () => {
    const { calls, read } = recordingReader();
    await read('a');
    await read('a');
    expect(calls).toEqual([['a'], ['a']]);
  });

  it('rejects every waiter of a failed batch', async () => {
    const { read } = recordingReader(true);
    const results = await Promise.allSettled([read('a'), read('b')]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
  });
});

import type { ExecutionResult } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import { createCohorts } from './cohorts.ts';
import { SubscriberTooSlow } from './federated-subscription.ts';

/** A shared stream the test feeds, counting how often it was started and whether it was closed. */
function source() {
  const queue: ExecutionResult[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  const state = { started: 0, returned: false };
  const push = (n: number) => (queue.push({ data: { n } }), wake?.());
  const end = () => ((ended = true), wake?.());
  const start = () => {
    state.started++;
    const iterator: AsyncIterableIterator<ExecutionResult> = {
      async next() {
        for (;;) {
          const value = queue.shift();
          if (value) return { done: false, value };
          if (ended || state.returned) return { done: true, value: undefined };
          await new Promise<void>((resolve) => (wake = resolve));
        }
      },
      return: async () => ((state.returned = true), wake?.(), { done: true, value: undefined }),
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  };
  return { push, end, start, state };
}
const n = (result: IteratorResult<ExecutionResult>) =>
  (result.value as { data: { n: number } }).data.n;

describe('subscription cohorts', () => {
  it('share one stream among the members of a key, each getting every result', async () => {
    const cohorts = createCohorts(10);
    const shared = source();
    const [a, b] = [cohorts.join('k', shared.start), cohorts.join('k', shared.start)];
    const other = source();
    cohorts.join('other', other.start);
    expect([shared.state.started, cohorts.size()]).toEqual([1, 2]);
    shared.push(1);
    shared.push(2);
    expect([n(await a.next()), n(await a.next())]).toEqual([1, 2]);
    expect([n(await b.next()), n(await b.next())]).toEqual([1, 2]);
  });

  it('fail only the member that falls behind; the stream closes when the last one leaves', async () => {
    const cohorts = createCohorts(2);
    const shared = source();
    const slow = cohorts.join('k', shared.start);
    const fast = cohorts.join('k', shared.start);
    for (let i = 1; i <= 3; i++) {
      shared.push(i);
      expect(n(await fast.next())).toBe(i);
    }
    await expect(slow.next()).rejects.toBeInstanceOf(SubscriberTooSlow);
    expect(shared.state.returned).toBe(false);
    await fast.return!();
    expect(shared.state.returned).toBe(true);
    expect(cohorts.size()).toBe(0);
    cohorts.join('k', shared.start);
    expect(shared.state.started).toBe(2); // a new member after that starts a new stream
  });

  it('hand over what is queued, then end every member, when the stream ends', async () => {
    const cohorts = createCohorts(10);
    const shared = source();
    const member = cohorts.join('k', shared.start);
    shared.push(7);
    shared.end();
    expect(n(await member.next())).toBe(7);
    expect(await member.next()).toEqual({ done: true, value: undefined });
    expect(cohorts.size()).toBe(0);
  });
});

import type { ExecutionResult } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import { createCohorts, TOO_SLOW } from './cohorts.ts';

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
/** A connection that records what is written to it; `bufferedAmount` is what the test says is unsent. */
function socket(id: string) {
  const sent: unknown[] = [];
  const closed: number[] = [];
  const subscriber = {
    id,
    socket: {
      readyState: 1 as const,
      bufferedAmount: 0,
      send: (data: string) => void sent.push(JSON.parse(data)),
      close: (code: number) => void closed.push(code),
    },
  };
  return { sent, closed, subscriber };
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('subscription cohorts', () => {
  it('share one stream among the members of a key, each sent every result as a graphql-ws next', async () => {
    const cohorts = createCohorts(1000);
    const shared = source();
    const [a, b] = [socket('1'), socket('7')];
    cohorts.join('k', shared.start, a.subscriber);
    cohorts.join('k', shared.start, b.subscriber);
    cohorts.join('other', source().start, socket('2').subscriber);
    expect([shared.state.started, cohorts.size()]).toEqual([1, 2]);
    shared.push(1);
    shared.push(2);
    await settle();
    const next = (id: string, n: number) => ({ id, type: 'next', payload: { data: { n } } });
    expect(a.sent).toEqual([next('1', 1), next('1', 2)]);
    expect(b.sent).toEqual([next('7', 1), next('7', 2)]);
  });

  it('close only the member whose connection holds too much unsent (TOO_SLOW); the last one out closes the stream', async () => {
    const cohorts = createCohorts(100);
    const shared = source();
    const [slow, fast] = [socket('s'), socket('f')];
    const slowStream = cohorts.join('k', shared.start, slow.subscriber);
    const fastStream = cohorts.join('k', shared.start, fast.subscriber);
    slow.subscriber.socket.bufferedAmount = 101;
    shared.push(1);
    await settle();
    expect(slow.closed).toEqual([TOO_SLOW]);
    expect(slow.sent).toEqual([]);
    expect(await slowStream.next()).toEqual({ done: true, value: undefined });
    expect(fast.sent).toHaveLength(1);
    expect(shared.state.returned).toBe(false);
    await fastStream.return!();
    expect(shared.state.returned).toBe(true);
    expect(cohorts.size()).toBe(0);
    cohorts.join('k', shared.start, socket('n').subscriber);
    expect(shared.state.started).toBe(2); // a new member after that starts a new stream
  });

  it('end every member when the shared stream ends, after what it gave', async () => {
    const cohorts = createCohorts(1000);
    const shared = source();
    const member = socket('m');
    const stream = cohorts.join('k', shared.start, member.subscriber);
    shared.push(7);
    shared.end();
    expect(await stream.next()).toEqual({ done: true, value: undefined });
    expect(member.sent).toHaveLength(1);
    expect(cohorts.size()).toBe(0);
  });
});

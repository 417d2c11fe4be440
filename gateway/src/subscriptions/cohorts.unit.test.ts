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
/**
 * A connection that records what is written to it, and in which writes of its TCP socket (the messages sent while
 * it was corked leave together); `bufferedAmount` is what the test says is unsent.
 */
function socket(id: string) {
  const sent: unknown[] = [];
  const writes: number[][] = [];
  const closed: number[] = [];
  let corked = 0;
  let held: number[] = [];
  const flush = () => {
    writes.push(held);
    held = [];
  };
  const subscriber = {
    id,
    socket: {
      readyState: 1 as const,
      bufferedAmount: 0,
      send(data: string) {
        const message = JSON.parse(data) as { payload: { data: { n: number } } };
        sent.push(message);
        held.push(message.payload.data.n);
        if (corked === 0) flush();
      },
      close: (code: number) => void closed.push(code),
    },
    transport: {
      cork: () => void corked++,
      uncork() {
        corked--;
        if (corked === 0 && held.length > 0) flush();
      },
    },
  };
  return { sent, writes, closed, subscriber };
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

  it('write the results that are ready together to each member in one write, and later ones in the next', async () => {
    const cohorts = createCohorts(1000);
    const shared = source();
    const [a, b] = [socket('1'), socket('2')];
    cohorts.join('k', shared.start, a.subscriber);
    cohorts.join('k', shared.start, b.subscriber);
    shared.push(1);
    shared.push(2);
    shared.push(3);
    await settle();
    shared.push(4);
    await settle();
    expect(a.writes).toEqual([[1, 2, 3], [4]]);
    expect(b.writes).toEqual([[1, 2, 3], [4]]);
  });

  it('send what was ready before the shared stream failed, then end every member with its error', async () => {
    const cohorts = createCohorts(1000);
    let calls = 0;
    const failing = (): AsyncIterableIterator<ExecutionResult> => {
      const iterator: AsyncIterableIterator<ExecutionResult> = {
        next: async () => {
          calls++;
          if (calls === 1) return { done: false, value: { data: { n: 1 } } };
          throw new Error('upstream gone');
        },
        [Symbol.asyncIterator]: () => iterator,
      };
      return iterator;
    };
    const member = socket('m');
    const stream = cohorts.join('k', failing, member.subscriber);
    await expect(stream.next()).rejects.toThrow('upstream gone');
    expect(member.writes).toEqual([[1]]);
    expect(cohorts.size()).toBe(0);
  });

  it('end only a member whose write fails, uncorked, while the others get the batch', async () => {
    const cohorts = createCohorts(1000);
    const shared = source();
    const [broken, fine] = [socket('b'), socket('f')];
    let uncorked = 0;
    const failing = {
      ...broken.subscriber,
      socket: {
        ...broken.subscriber.socket,
        send: () => {
          throw new Error('socket gone');
        },
      },
      transport: { cork: () => undefined, uncork: () => void uncorked++ },
    };
    const brokenStream = cohorts.join('k', shared.start, failing);
    cohorts.join('k', shared.start, fine.subscriber);
    shared.push(1);
    await settle();
    await expect(brokenStream.next()).rejects.toThrow('socket gone');
    expect(uncorked).toBe(1);
    shared.push(2);
    await settle();
    expect(fine.writes).toEqual([[1], [2]]);
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

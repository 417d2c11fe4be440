import { describe, expect, it } from 'vitest';
import { createCohorts, TOO_SLOW, type CohortLimits } from './cohorts.ts';
import { SubscriberTooSlow, type SubscriptionEvent } from './federated-subscription.ts';

const limits = (maxBufferedBytes = 1000, recentResults = 100): CohortLimits => ({
  maxBufferedBytes,
  recentResults,
});

/** A stream the test feeds (event n has cursor `cn`), counting how often it was started and whether it was closed. */
function source() {
  const queue: SubscriptionEvent[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  const state = { started: 0, returned: false };
  const push = (...ns: number[]) => {
    for (const n of ns) queue.push({ result: { data: { n } }, cursor: `c${n}` });
    wake?.();
  };
  const end = () => ((ended = true), wake?.());
  const start = () => {
    state.started++;
    const iterator: AsyncIterableIterator<SubscriptionEvent> = {
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
    const cohorts = createCohorts(limits());
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
    const cohorts = createCohorts(limits());
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
    const cohorts = createCohorts(limits());
    let calls = 0;
    const failing = (): AsyncIterableIterator<SubscriptionEvent> => {
      const iterator: AsyncIterableIterator<SubscriptionEvent> = {
        next: async () => {
          calls++;
          if (calls === 1)
            return { done: false, value: { result: { data: { n: 1 } }, cursor: 'c1' } };
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
    const cohorts = createCohorts(limits());
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
    const cohorts = createCohorts(limits(100));
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
    const cohorts = createCohorts(limits());
    const shared = source();
    const member = socket('m');
    const stream = cohorts.join('k', shared.start, member.subscriber);
    shared.push(7);
    shared.end();
    expect(await stream.next()).toEqual({ done: true, value: undefined });
    expect(member.sent).toHaveLength(1);
    expect(cohorts.size()).toBe(0);
  });

  describe('a member that joins at a cursor', () => {
    const sentNs = (member: ReturnType<typeof socket>) =>
      member.sent.map(
        (message) => (message as { payload: { data: { n: number } } }).payload.data.n,
      );

    it('gets the results after it at once when the cohort still has them, with no stream of its own', async () => {
      const cohorts = createCohorts(limits());
      const [shared, own] = [source(), source()];
      cohorts.join('k', shared.start, socket('a').subscriber);
      shared.push(1, 2, 3);
      await settle();
      const late = socket('b');
      cohorts.join('k', shared.start, late.subscriber, { after: 'c1', start: own.start });
      expect(late.writes).toEqual([[2, 3]]);
      shared.push(4);
      await settle();
      expect(sentNs(late)).toEqual([2, 3, 4]);
      expect(own.state.started).toBe(0);
    });

    it("follows its own stream until it reaches a cursor the cohort sent, then the cohort's: none missed, none twice", async () => {
      const cohorts = createCohorts(limits());
      const [shared, own] = [source(), source()];
      cohorts.join('k', shared.start, socket('a').subscriber);
      const late = socket('b');
      cohorts.join('k', shared.start, late.subscriber, { after: 'c0', start: own.start });
      own.push(1, 2, 3); // what it missed, before the cohort began
      shared.push(4);
      await settle();
      expect(sentNs(late)).toEqual([1, 2, 3]);
      expect(own.state.returned).toBe(false);
      own.push(4, 5); // 5 comes after the hand-over at 4: dropped, the cohort sends it
      await settle();
      expect(own.state.returned).toBe(true);
      shared.push(5);
      await settle();
      expect(sentNs(late)).toEqual([1, 2, 3, 4, 5]);
      expect(shared.state.started).toBe(1);
    });

    it('hands over when the cohort reaches the cursor its own stream is at, if that stream is ahead', async () => {
      const cohorts = createCohorts(limits());
      const [shared, own] = [source(), source()];
      const late = socket('b');
      cohorts.join('k', shared.start, late.subscriber, { after: 'c0', start: own.start });
      own.push(1, 2);
      await settle();
      shared.push(1);
      await settle();
      expect(own.state.returned).toBe(false);
      shared.push(2);
      await settle();
      expect(own.state.returned).toBe(true);
      shared.push(3);
      await settle();
      expect(sentNs(late)).toEqual([1, 2, 3]);
    });

    it('keeps only the recent results it is given room for', async () => {
      const cohorts = createCohorts(limits(1000, 2));
      const shared = source();
      cohorts.join('k', shared.start, socket('a').subscriber);
      shared.push(1, 2, 3);
      await settle();
      const [tooOld, recent] = [source(), source()];
      const [b, c] = [socket('b'), socket('c')];
      cohorts.join('k', shared.start, b.subscriber, { after: 'c1', start: tooOld.start });
      cohorts.join('k', shared.start, c.subscriber, { after: 'c2', start: recent.start });
      expect([tooOld.state.started, recent.state.started]).toEqual([1, 0]);
      expect(sentNs(c)).toEqual([3]);
    });

    it('closes its own stream when it leaves while catching up; the cohort goes on for the others', async () => {
      const cohorts = createCohorts(limits());
      const [shared, own] = [source(), source()];
      const stay = socket('a');
      cohorts.join('k', shared.start, stay.subscriber);
      const leaving = cohorts.join('k', shared.start, socket('b').subscriber, {
        after: 'c0',
        start: own.start,
      });
      await leaving.return!();
      expect(own.state.returned).toBe(true);
      shared.push(1);
      await settle();
      expect(sentNs(stay)).toEqual([1]);
    });

    it('goes on with its own stream alone when the shared one ends or fails before the hand-over', async () => {
      const cohorts = createCohorts(limits());
      for (const ending of ['complete', 'fail'] as const) {
        const [shared, own] = [source(), source()];
        let fail: (() => void) | undefined;
        const start =
          ending === 'complete'
            ? shared.start
            : (): AsyncIterableIterator<SubscriptionEvent> => {
                const iterator: AsyncIterableIterator<SubscriptionEvent> = {
                  next: () => new Promise((_, reject) => (fail = () => reject(new Error('gone')))),
                  return: async () => ({ done: true, value: undefined }),
                  [Symbol.asyncIterator]: () => iterator,
                };
                return iterator;
              };
        const live = socket('a');
        const liveStream = cohorts.join(ending, start, live.subscriber);
        const late = socket('b');
        const lateStream = cohorts.join(ending, start, late.subscriber, {
          after: 'c0',
          start: own.start,
        });
        if (ending === 'complete') {
          shared.push(7); // after the cohort began: not where its own stream is
          shared.end();
          expect(await liveStream.next()).toEqual({ done: true, value: undefined });
        } else {
          await settle();
          fail!();
          await expect(liveStream.next()).rejects.toThrow('gone');
        }
        own.push(1, 7, 8);
        await settle();
        expect(sentNs(late)).toEqual([1, 7, 8]);
        expect(own.state.returned).toBe(false);
        own.end();
        expect(await lateStream.next()).toEqual({ done: true, value: undefined });
      }
    });

    it('ends when its own stream ends before the hand-over (e.g. after the subgraph refused its cursor)', async () => {
      const cohorts = createCohorts(limits());
      const [shared, own] = [source(), source()];
      const stay = socket('a');
      cohorts.join('k', shared.start, stay.subscriber);
      const refused = socket('b');
      const stream = cohorts.join('k', shared.start, refused.subscriber, {
        after: 'bad',
        start: own.start,
      });
      own.push(9);
      own.end();
      expect(await stream.next()).toEqual({ done: true, value: undefined });
      expect(sentNs(refused)).toEqual([9]);
      shared.push(1);
      await settle();
      expect(sentNs(stay)).toEqual([1]);
      expect(sentNs(refused)).toEqual([9]);
    });

    it('is closed with TOO_SLOW when its own stream falls behind, and ended with its own failure otherwise', async () => {
      const cohorts = createCohorts(limits());
      const shared = source();
      cohorts.join('k', shared.start, socket('a').subscriber);
      const failingWith = (error: Error) => () => {
        const iterator: AsyncIterableIterator<SubscriptionEvent> = {
          next: () => Promise.reject(error),
          return: async () => ({ done: true, value: undefined }),
          [Symbol.asyncIterator]: () => iterator,
        };
        return iterator;
      };
      const slow = socket('s');
      const slowStream = cohorts.join('k', shared.start, slow.subscriber, {
        after: 'c0',
        start: failingWith(new SubscriberTooSlow(1)),
      });
      expect(await slowStream.next()).toEqual({ done: true, value: undefined });
      expect(slow.closed).toEqual([TOO_SLOW]);
      const broken = cohorts.join('k', shared.start, socket('f').subscriber, {
        after: 'c0',
        start: failingWith(new Error('center gone')),
      });
      await expect(broken.next()).rejects.toThrow('center gone');
      expect(cohorts.size()).toBe(1);
    });
  });
});

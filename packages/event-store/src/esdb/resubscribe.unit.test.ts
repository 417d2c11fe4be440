import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GlobalPosition, RecordedEvent } from '../port.ts';
import { startResubscribing, type OpenLiveSource } from './resubscribe.ts';

/** Event n sits at position (n, n). */
function event(n: number, overrides: Partial<RecordedEvent> = {}): RecordedEvent {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    type: 'TicketPurchased',
    data: { n },
    metadata: { correlationId: `c-${n}` },
    streamName: 'ticket-1',
    revision: BigInt(n),
    position: { transaction: BigInt(n), sequence: BigInt(n) },
    recordedAt: new Date(0),
    ...overrides,
  };
}

/** What one connection does: yield an event, fail, end, or stay open (live, nothing new) until closed. */
type Step = RecordedEvent | { readonly fail: Error } | 'end';

/**
 * A test double of the client's subscription stream: each open() plays the next script.
 * After its last step a connection stays open until closed, like a live subscription with no new events.
 */
function scripted(...scripts: Step[][]) {
  const opened: Array<GlobalPosition | undefined> = [];
  const openedAt: number[] = [];
  let closes = 0;
  const open: OpenLiveSource = (after) => {
    const script = scripts[opened.length] ?? [];
    opened.push(after);
    openedAt.push(Date.now());
    let release = () => undefined as void;
    const closed = new Promise<void>((resolve) => (release = resolve));
    async function* play(): AsyncGenerator<RecordedEvent> {
      for (const step of script) {
        if (step === 'end') return;
        if ('fail' in step) throw step.fail;
        yield step;
      }
      await closed;
    }
    return {
      events: play(),
      close: async () => {
        closes++;
        release();
      },
    };
  };
  return { open, opened, openedAt, closes: () => closes };
}

const dropped = (message = 'UNAVAILABLE') => ({ fail: new Error(message) });
const ns = (events: RecordedEvent[]) => events.map((e) => e.data.n);

async function until(check: () => boolean, timeoutMs = 2000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe('resubscribing subscription', () => {
  it('after a drop, resumes after the last handled position with no duplicate and no gap', async () => {
    // The second connection redelivers event 3 (ESDB may include the checkpoint event).
    const source = scripted(
      [event(1), event(2), event(3), dropped()],
      [event(3), event(4), event(5)],
    );
    const seen: RecordedEvent[] = [];
    const drops: unknown[] = [];
    const subscription = startResubscribing(
      source.open,
      { handler: (e) => void seen.push(e) },
      { retryMs: 1, onDrop: (error) => drops.push(error) },
    );
    await until(() => seen.length === 5);
    expect(ns(seen)).toEqual([1, 2, 3, 4, 5]);
    expect(source.opened).toEqual([undefined, { transaction: 3n, sequence: 3n }]);
    expect(drops).toEqual([new Error('UNAVAILABLE')]);
    await subscription.stop();
    await expect(subscription.done).resolves.toBeUndefined();
    expect(source.closes()).toBe(2);
  });

  it('ends with an error that will not go away, after telling onDrop, and opens nothing more', async () => {
    const denied = new Error('access denied');
    const source = scripted([event(1), { fail: denied }], [event(2)]);
    const seen: RecordedEvent[] = [];
    const drops: unknown[] = [];
    const subscription = startResubscribing(
      source.open,
      { handler: (e) => void seen.push(e) },
      {
        retryMs: 1,
        onDrop: (error) => drops.push(error),
        isTransient: (error) => error instanceof Error && error.message === 'UNAVAILABLE',
      },
    );
    await expect(subscription.done).rejects.toBe(denied);
    expect(ns(seen)).toEqual([1]);
    expect(drops).toEqual([denied]);
    expect(source.opened).toHaveLength(1);
    expect(source.closes()).toBe(1);
  });

  it('keeps reopening for transient errors and for connections that just end', async () => {
    const source = scripted([dropped()], ['end'], [dropped(), 'end'], [event(1)]);
    const seen: RecordedEvent[] = [];
    const subscription = startResubscribing(
      source.open,
      { handler: (e) => void seen.push(e) },
      {
        retryMs: 1,
        isTransient: (error) => error instanceof Error && error.message === 'UNAVAILABLE',
      },
    );
    await until(() => seen.length === 1);
    expect(source.opened).toHaveLength(4);
    await subscription.stop();
    await expect(subscription.done).resolves.toBeUndefined();
  });

  it('ends when opening itself fails for good', async () => {
    const invalid = new Error('invalid position');
    const subscription = startResubscribing(
      () => {
        throw invalid;
      },
      { handler: () => undefined },
      { retryMs: 1, isTransient: () => false },
    );
    await expect(subscription.done).rejects.toBe(invalid);
  });

  it('reopens from its checkpoint when a connection just ends, and from `after` when nothing was handled', async () => {
    const after = { transaction: 2n, sequence: 2n };
    const source = scripted(['end'], [event(2), event(3), 'end'], [event(4)]);
    const seen: RecordedEvent[] = [];
    const subscription = startResubscribing(
      source.open,
      { after, handler: (e) => void seen.push(e) },
      { retryMs: 1 },
    );
    await until(() => seen.length === 2);
    expect(ns(seen)).toEqual([3, 4]);
    expect(source.opened).toEqual([after, after, { transaction: 3n, sequence: 3n }]);
    await subscription.stop();
  });

  it('treats `after` as exclusive and skips anything at or before it', async () => {
    const source = scripted([event(1), event(2), event(3), event(4)]);
    const seen: RecordedEvent[] = [];
    const subscription = startResubscribing(source.open, {
      after: event(2).position,
      handler: (e) => void seen.push(e),
    });
    await until(() => seen.length === 2);
    expect(ns(seen)).toEqual([3, 4]);
    await subscription.stop();
  });

  it('re-checks the filter on the client (prefix and type together)', async () => {
    const source = scripted([
      event(1, { streamName: 'ticket-1', type: 'Unwanted' }),
      event(2, { streamName: 'ticket-1', type: 'Wanted' }),
      event(3, { streamName: 'other-1', type: 'Wanted' }),
      event(4, { streamName: 'ticket-2', type: 'Wanted' }),
    ]);
    const seen: RecordedEvent[] = [];
    const filter = { streamPrefixes: ['ticket-'], eventTypes: ['Wanted'] };
    const subscription = startResubscribing(source.open, {
      filter,
      handler: (e) => void seen.push(e),
    });
    await until(() => seen.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(ns(seen)).toEqual([2, 4]);
    await subscription.stop();
  });

  it.each([
    ['throws', false],
    ['rejects', true],
  ])(
    'ends when the handler %s, delivers nothing after it and does not reconnect',
    async (_label, async) => {
      const source = scripted([event(1), event(2), event(3)], [event(3), event(4)]);
      const handled: number[] = [];
      const fail = (n: number) => {
        handled.push(n);
        if (n === 2) throw new Error('projection failed');
      };
      const handler = async
        ? async (e: RecordedEvent) => fail(e.data.n as number)
        : (e: RecordedEvent) => fail(e.data.n as number);
      const subscription = startResubscribing(source.open, { handler }, { retryMs: 1 });
      await expect(subscription.done).rejects.toThrow('projection failed');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(handled).toEqual([1, 2]);
      expect(source.opened).toHaveLength(1);
      expect(source.closes()).toBe(1);
      await subscription.stop();
    },
  );

  it('calls the handler strictly one at a time, and stop() waits for the call in flight', async () => {
    const source = scripted([event(1), event(2), event(3)]);
    let inFlight = 0;
    let maxInFlight = 0;
    const handled: number[] = [];
    let releaseThird = () => undefined as void;
    const subscription = startResubscribing(source.open, {
      handler: async (e) => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        if (e.data.n === 3) await new Promise<void>((resolve) => (releaseThird = resolve));
        else await new Promise((resolve) => setTimeout(resolve, 5));
        handled.push(e.data.n as number);
        inFlight--;
      },
    });
    await until(() => inFlight === 1 && handled.length === 2);
    let stopped = false;
    const stopping = subscription.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(stopped).toBe(false);
    releaseThird();
    await stopping;
    expect(handled).toEqual([1, 2, 3]);
    expect(maxInFlight).toBe(1);
  });

  it('stop() ends a live subscription that is waiting for events', async () => {
    const source = scripted([event(1)]);
    const seen: RecordedEvent[] = [];
    const subscription = startResubscribing(source.open, { handler: (e) => void seen.push(e) });
    await until(() => seen.length === 1);
    await subscription.stop();
    await expect(subscription.done).resolves.toBeUndefined();
    expect(source.closes()).toBe(1);
    expect(source.opened).toHaveLength(1);
  });

  it('stop() interrupts the back-off at once', async () => {
    const source = scripted([dropped()]);
    const subscription = startResubscribing(
      source.open,
      { handler: () => undefined },
      { retryMs: 60_000 },
    );
    await until(() => source.closes() === 1);
    const started = Date.now();
    await subscription.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(source.opened).toHaveLength(1);
  });

  it('backs off from 100 ms doubling to 5 s while the server stays away', async () => {
    vi.useFakeTimers();
    const failing: OpenLiveSource = () => {
      throw new Error('UNAVAILABLE');
    };
    const openedAt: number[] = [];
    const subscription = startResubscribing(
      (after) => (openedAt.push(Date.now()), failing(after)),
      { handler: () => undefined },
    );
    await vi.advanceTimersByTimeAsync(30_000);
    const gaps = openedAt.slice(1).map((at, i) => at - openedAt[i]!);
    expectBackOff(gaps.slice(0, 9), [100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000]);
    await subscription.stop();
  });

  it('starts the back-off again at 100 ms after a connection that delivered events', async () => {
    vi.useFakeTimers();
    const source = scripted([dropped()], [dropped()], [event(1), dropped()], [dropped()]);
    const subscription = startResubscribing(source.open, { handler: () => undefined });
    await vi.advanceTimersByTimeAsync(1000);
    const gaps = source.openedAt.slice(1).map((at, i) => at - source.openedAt[i]!);
    expectBackOff(gaps.slice(0, 3), [100, 200, 100]);
    await subscription.stop();
  });
});

/** Each gap is its step of the back-off less at most the 20 % jitter. */
function expectBackOff(gaps: readonly number[], steps: readonly number[]) {
  expect(gaps).toHaveLength(steps.length);
  gaps.forEach((gap, i) => {
    expect(gap, `gap ${i}`).toBeLessThanOrEqual(steps[i]!);
    expect(gap, `gap ${i}`).toBeGreaterThanOrEqual(Math.floor(steps[i]! * 0.8));
  });
}

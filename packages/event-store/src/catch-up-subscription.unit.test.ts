import { describe, expect, it } from 'vitest';
import type { EventFilter, GlobalPosition, RecordedEvent } from './port.ts';
import {
  startCatchUpSubscription,
  WakeSignal,
  type CatchUpSource,
  type CatchUpTuning,
} from './catch-up-subscription.ts';
import { comparePositions } from './position.ts';
import { eventually } from '@sportskk/testing';

function event(sequence: number): RecordedEvent {
  return {
    id: `id-${sequence}`,
    type: 'T',
    data: { n: sequence },
    metadata: { correlationId: 'c' },
    streamName: 's',
    revision: BigInt(sequence),
    position: { transaction: 1n, sequence: BigInt(sequence) },
    recordedAt: new Date(0),
  };
}

/** A log the test appends to; reads can be made to fail or report pending events. */
function log() {
  const events: RecordedEvent[] = [];
  const reads: Array<GlobalPosition | undefined> = [];
  let failNext = 0;
  let pending = false;
  const source: CatchUpSource = {
    async read(
      after: GlobalPosition | undefined,
      maxCount: number,
      _filter: EventFilter | undefined,
    ) {
      reads.push(after);
      if (failNext > 0) {
        failNext--;
        throw new Error('connection lost');
      }
      const found = events
        .filter((e) => !after || comparePositions(e.position, after) > 0)
        .slice(0, maxCount);
      return { events: found, pending };
    },
  };
  return {
    events,
    reads,
    source,
    failReads: (n: number) => void (failNext = n),
    setPending: (p: boolean) => void (pending = p),
  };
}

/** Records how long the loop asks to wait; the first `immediate` waits return at once, the rest wait as usual. */
class RecordingSignal extends WakeSignal {
  readonly waits: number[] = [];
  private readonly immediate: number;
  constructor(immediate: number) {
    super();
    this.immediate = immediate;
  }
  override async wait(timeoutMs: number): Promise<void> {
    this.waits.push(timeoutMs);
    if (this.waits.length > this.immediate) await super.wait(timeoutMs);
  }
}

/** A subscription to a log of one event, where the next is appended while the first is handled, with no wake-up. */
function secondAppendedWhileFirstHandled(tuning: CatchUpTuning) {
  const l = log();
  l.events.push(event(1));
  const seen: number[] = [];
  const handler = (e: RecordedEvent) => {
    seen.push(Number(e.revision));
    if (e.revision === 1n) l.events.push(event(2));
  };
  const sub = startCatchUpSubscription(l.source, new WakeSignal(), { handler }, tuning);
  return { l, seen, sub };
}

describe('catch-up subscription', () => {
  it('reads in batches from its checkpoint and delivers in order', async () => {
    const l = log();
    l.events.push(...[1, 2, 3, 4, 5].map(event));
    const seen: number[] = [];
    const sub = startCatchUpSubscription(
      l.source,
      new WakeSignal(),
      { after: event(1).position, handler: (e) => void seen.push(Number(e.revision)) },
      { batchSize: 2 },
    );
    await eventually(() => expect(seen).toEqual([2, 3, 4, 5]));
    expect(l.reads[0]).toEqual(event(1).position);
    await sub.stop();
  });

  it('wakes on the signal instead of waiting for the idle poll', async () => {
    const l = log();
    const signal = new WakeSignal();
    const seen: number[] = [];
    const sub = startCatchUpSubscription(
      l.source,
      signal,
      { handler: (e) => void seen.push(Number(e.revision)) },
      { idlePollMs: 60_000 },
    );
    await eventually(() => expect(l.reads.length).toBeGreaterThan(0));
    l.events.push(event(1));
    signal.wake();
    await eventually(() => expect(seen).toEqual([1]), 1000);
    await sub.stop();
  });

  it('keeps a wake that arrives during a read', async () => {
    const signal = new WakeSignal();
    signal.reset();
    signal.wake();
    const started = performance.now();
    await signal.wait(5_000);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('retries failed reads from the same position, losing and repeating nothing', async () => {
    const l = log();
    l.events.push(event(1));
    const seen: number[] = [];
    const errors: unknown[] = [];
    const sub = startCatchUpSubscription(
      l.source,
      new WakeSignal(),
      { handler: (e) => void seen.push(Number(e.revision)) },
      { retryMs: 1, idlePollMs: 5, onReadError: (e) => errors.push(e) },
    );
    await eventually(() => expect(seen).toEqual([1]));
    l.failReads(3);
    l.events.push(event(2), event(3));
    await eventually(() => expect(seen).toEqual([1, 2, 3]));
    expect(errors).toHaveLength(3);
    await sub.stop();
  });

  it('polls again soon while events are pending behind an open transaction', async () => {
    const l = log();
    l.setPending(true);
    const sub = startCatchUpSubscription(
      l.source,
      new WakeSignal(),
      { handler: () => undefined },
      { idlePollMs: 60_000, pendingPollMs: 1, maxPendingPollMs: 4 },
    );
    await eventually(() => expect(l.reads.length).toBeGreaterThan(5), 2_000);
    await sub.stop();
  });

  it('reads again soon after a read that found events, without a wake-up, when busyPollMs is set', async () => {
    const { l, seen, sub } = secondAppendedWhileFirstHandled({ idlePollMs: 60_000, busyPollMs: 5 });
    await eventually(() => expect(seen).toEqual([1, 2]), 1_000);
    // Once a read finds nothing, it waits for a wake-up again.
    await eventually(() => expect(l.reads.length).toBeGreaterThanOrEqual(3));
    const reads = l.reads.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(l.reads.length).toBe(reads);
    await sub.stop();
  });

  it('waits for a wake-up after a read that found events when busyPollMs is not set', async () => {
    const { l, seen, sub } = secondAppendedWhileFirstHandled({ idlePollMs: 60_000 });
    await eventually(() => expect(seen).toEqual([1]));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen).toEqual([1]);
    expect(l.reads).toHaveLength(1);
    await sub.stop();
  });

  it('starts the pending back-off over after a read that found events', async () => {
    const l = log();
    l.setPending(true);
    let next = 1;
    // Each read finds one more event, with newer ones still held back.
    const source: CatchUpSource = {
      read: async (after, maxCount, filter) => {
        l.events.push(event(next++));
        return l.source.read(after, maxCount, filter);
      },
    };
    const signal = new RecordingSignal(8);
    const sub = startCatchUpSubscription(
      source,
      signal,
      { handler: () => undefined },
      { idlePollMs: 60_000, pendingPollMs: 1, maxPendingPollMs: 200 },
    );
    await eventually(() => expect(signal.waits.length).toBeGreaterThanOrEqual(8));
    await sub.stop();
    // Each wait is the first delay again (at most 1 ms, less its jitter); backing off regardless would wait up
    // to 2, 4 … 128 ms.
    for (const waited of signal.waits.slice(0, 8)) expect(waited).toBeLessThanOrEqual(1);
  });

  it('spaces reads by minReadIntervalMs once caught up', async () => {
    const l = log();
    const signal = new WakeSignal();
    const sub = startCatchUpSubscription(
      l.source,
      signal,
      { handler: () => undefined },
      { minReadIntervalMs: 50, idlePollMs: 1 },
    );
    await new Promise((resolve) => setTimeout(resolve, 260));
    await sub.stop();
    expect(l.reads.length).toBeGreaterThanOrEqual(2);
    expect(l.reads.length).toBeLessThanOrEqual(7);
  });

  it('ends with the handler error and stop() resolves', async () => {
    const l = log();
    l.events.push(event(1), event(2));
    const seen: number[] = [];
    const sub = startCatchUpSubscription(l.source, new WakeSignal(), {
      handler: (e) => {
        seen.push(Number(e.revision));
        throw new Error('boom');
      },
    });
    await expect(sub.done).rejects.toThrow('boom');
    expect(seen).toEqual([1]);
    await expect(sub.stop()).resolves.toBeUndefined();
  });
});

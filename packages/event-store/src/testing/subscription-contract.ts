import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RecordedEvent, Subscription } from '../port.ts';
import type { ContractContext } from './event-store-contract.ts';
import { eventually } from '@sportskk/testing';
import { newEvent, uniqueName } from './helpers.ts';

/** Subscribes and collects; the collected list is what the handler saw, in order. */
function collect(
  context: ContractContext,
  options: Omit<Parameters<ReturnType<ContractContext['store']>['subscribeToAll']>[0], 'handler'>,
) {
  const seen: RecordedEvent[] = [];
  const subscription: Subscription = context
    .store()
    .subscribeToAll({ ...options, handler: (event) => void seen.push(event) });
  return { seen, subscription };
}

export function subscriptionContract(context: ContractContext): void {
  const { store } = context;

  describe('subscribe to all streams', () => {
    it('catches up, then delivers live events, filtered by stream prefix', async () => {
      const prefix = uniqueName('sub');
      await store().appendToStream(`${prefix}-1`, [newEvent({ data: { n: 1 } })]);
      await store().appendToStream(uniqueName('other'), [newEvent()]);
      const { seen, subscription } = collect(context, { filter: { streamPrefixes: [prefix] } });
      await eventually(() => expect(seen).toHaveLength(1));
      await store().appendToStream(`${prefix}-2`, [
        newEvent({ data: { n: 2 } }),
        newEvent({ data: { n: 3 } }),
      ]);
      await eventually(() => expect(seen.map((e) => e.data.n)).toEqual([1, 2, 3]));
      await subscription.stop();
      await expect(subscription.done).resolves.toBeUndefined();
    });

    it('hands batches whole to handleBatch, in order, each event once, filtered, resuming after the last batch', async () => {
      const prefix = uniqueName('batches');
      for (let n = 1; n <= 5; n++)
        await store().appendToStream(`${prefix}-${n}`, [newEvent({ data: { n } })]);
      await store().appendToStream(uniqueName('other'), [newEvent()]);
      const batches: RecordedEvent[][] = [];
      const subscription = store().subscribeToAll({
        filter: { streamPrefixes: [prefix] },
        handleBatch: (events) => void batches.push([...events]),
      });
      await eventually(() => expect(batches.flat()).toHaveLength(5));
      await store().appendToStream(`${prefix}-6`, [
        newEvent({ data: { n: 6 } }),
        newEvent({ data: { n: 7 } }),
      ]);
      await eventually(() =>
        expect(batches.flat().map((e) => e.data.n)).toEqual([1, 2, 3, 4, 5, 6, 7]),
      );
      expect(batches.every((batch) => batch.length > 0)).toBe(true);
      await subscription.stop();
      const seen: RecordedEvent[] = [];
      const resumed = store().subscribeToAll({
        after: batches.flat()[4]!.position,
        filter: { streamPrefixes: [prefix] },
        handleBatch: (events) => void seen.push(...events),
      });
      await eventually(() => expect(seen.map((e) => e.data.n)).toEqual([6, 7]));
      await resumed.stop();
    });

    it('takes one of handler and handleBatch, not both or neither', () => {
      expect(() => store().subscribeToAll({} as never)).toThrow(TypeError);
      expect(() =>
        store().subscribeToAll({ handler: () => undefined, handleBatch: () => undefined }),
      ).toThrow(TypeError);
    });

    it('filters by event type', async () => {
      const prefix = uniqueName('types');
      const { seen, subscription } = collect(context, {
        filter: { streamPrefixes: [prefix], eventTypes: ['Wanted'] },
      });
      await store().appendToStream(`${prefix}-1`, [
        newEvent({ type: 'Unwanted' }),
        newEvent({ type: 'Wanted' }),
      ]);
      await eventually(() => expect(seen.map((e) => e.type)).toEqual(['Wanted']));
      await subscription.stop();
    });

    it('sees every event of 24 concurrent writers once, in the order readAll returns', async () => {
      const prefix = uniqueName('writers');
      const { seen, subscription } = collect(context, { filter: { streamPrefixes: [prefix] } });
      const writers = 24;
      const perWriter = 15;
      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          for (let i = 0; i < perWriter; i++) {
            const events =
              i % 3 === 0
                ? [newEvent({ data: { w, i } }), newEvent({ data: { w, i, second: true } })]
                : [newEvent({ data: { w, i } })];
            await store().appendToStream(`${prefix}-${w}`, events, { expectedRevision: 'any' });
          }
        }),
      );
      const expectedCount = writers * (perWriter + perWriter / 3);
      await eventually(() => expect(seen.length).toBeGreaterThanOrEqual(expectedCount), 30_000);
      await subscription.stop();
      const ordered = await store().readAll({ filter: { streamPrefixes: [prefix] } });
      expect(ordered).toHaveLength(expectedCount);
      expect(seen.map((e) => e.id)).toEqual(ordered.map((e) => e.id));
    }, 60_000);

    it('resumes from the middle of a multi-event append: only the events after it, live ones next', async () => {
      const prefix = uniqueName('middle');
      await store().appendToStream(`${prefix}-1`, [
        newEvent({ data: { n: 1 } }),
        newEvent({ data: { n: 2 } }),
        newEvent({ data: { n: 3 } }),
      ]);
      const [, second] = await store().readStream(`${prefix}-1`);
      const filter = { streamPrefixes: [prefix] };
      const after = second!.position;
      expect((await store().readAll({ filter, after })).map((e) => e.data.n)).toEqual([3]);
      const { seen, subscription } = collect(context, { filter, after });
      await eventually(() => expect(seen.map((e) => e.data.n)).toEqual([3]));
      await store().appendToStream(`${prefix}-2`, [newEvent({ data: { n: 4 } })]);
      await eventually(() => expect(seen.map((e) => e.data.n)).toEqual([3, 4]));
      await subscription.stop();
    });

    it('keeps delivering across dropped connections: every event, in order', async (test) => {
      const drop = context.dropConnections();
      if (!drop) return test.skip('this store has no connection to cut');
      const prefix = uniqueName('dropped');
      const { seen, subscription } = collect(context, { filter: { streamPrefixes: [prefix] } });
      const appended: string[] = [];
      // An append cut mid-flight is retried with the same event id: the store keeps it once.
      const append = async (n: number) => {
        const event = newEvent({ id: randomUUID(), data: { n } });
        await eventually(() => store().appendToStream(`${prefix}-${n}`, [event]), 30_000, 100);
        appended.push(event.id!);
      };
      const distinct = () => [...new Set(seen.map((event) => event.id))];
      for (const n of [1, 2, 3]) await append(n);
      await eventually(() => expect(distinct()).toEqual(appended), 30_000);
      await drop();
      for (const n of [4, 5, 6]) await append(n);
      await drop();
      await append(7);
      await eventually(() => expect(distinct()).toEqual(appended), 30_000);
      expect(appended).toHaveLength(7);
      await subscription.stop();
      await expect(subscription.done).resolves.toBeUndefined();
    }, 90_000);

    it('resumes after a restart from the last checkpoint', async () => {
      const prefix = uniqueName('resume');
      await store().appendToStream(`${prefix}-1`, [
        newEvent({ data: { n: 1 } }),
        newEvent({ data: { n: 2 } }),
      ]);
      const first = collect(context, { filter: { streamPrefixes: [prefix] } });
      await eventually(() => expect(first.seen).toHaveLength(2));
      await first.subscription.stop();
      const checkpoint = first.seen[1]!.position;

      await store().appendToStream(`${prefix}-1`, [newEvent({ data: { n: 3 } })]);
      await context.restart();
      await store().appendToStream(`${prefix}-2`, [newEvent({ data: { n: 4 } })]);
      const second = collect(context, { after: checkpoint, filter: { streamPrefixes: [prefix] } });
      await eventually(() => expect(second.seen.map((e) => e.data.n)).toEqual([3, 4]));
      await store().appendToStream(`${prefix}-3`, [newEvent({ data: { n: 5 } })]);
      await eventually(() => expect(second.seen.map((e) => e.data.n)).toEqual([3, 4, 5]));
      await second.subscription.stop();
    }, 60_000);

    it('stops with the handler error and delivers nothing after it', async () => {
      const prefix = uniqueName('failing');
      const handled: number[] = [];
      const subscription = store().subscribeToAll({
        filter: { streamPrefixes: [prefix] },
        handler: (event) => {
          handled.push(event.data.n as number);
          if (event.data.n === 2) throw new Error('projection failed');
        },
      });
      await store().appendToStream(
        `${prefix}-1`,
        [1, 2, 3].map((n) => newEvent({ data: { n } })),
      );
      await expect(subscription.done).rejects.toThrow('projection failed');
      await store().appendToStream(`${prefix}-1`, [newEvent({ data: { n: 4 } })]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(handled).toEqual([1, 2]);
      await subscription.stop();
    });

    it('waits for a slow handler before delivering the next event', async () => {
      const prefix = uniqueName('slow');
      let inFlight = 0;
      let maxInFlight = 0;
      const handled: number[] = [];
      const subscription = store().subscribeToAll({
        filter: { streamPrefixes: [prefix] },
        handler: async (event) => {
          maxInFlight = Math.max(maxInFlight, ++inFlight);
          await new Promise((resolve) => setTimeout(resolve, 5));
          handled.push(event.data.n as number);
          inFlight--;
        },
      });
      await store().appendToStream(
        `${prefix}-1`,
        [1, 2, 3, 4].map((n) => newEvent({ data: { n } })),
      );
      await eventually(() => expect(handled).toEqual([1, 2, 3, 4]));
      expect(maxInFlight).toBe(1);
      await subscription.stop();
    });
  });
}

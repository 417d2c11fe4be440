import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { EventStoreKind } from '@sportskk/event-store';
import type { CheckpointStore } from '../checkpoint-store.ts';

export interface CheckpointStoreHarness {
  /**
   * A store over fresh data of positions in an `eventStore` store; calling it again reopens the same data (a
   * restart, or a restart pointed at another kind of event store).
   */
  open(eventStore: EventStoreKind): Promise<CheckpointStore>;
  dispose(): Promise<void>;
}

const position = (transaction: bigint, sequence: bigint) => ({ transaction, sequence });

/** The promises every checkpoint store keeps, run against one implementation. */
export function describeCheckpointStoreContract(
  adapter: string,
  makeHarness: () => Promise<CheckpointStoreHarness>,
): void {
  describe(`CheckpointStore contract: ${adapter}`, () => {
    let harness: CheckpointStoreHarness;
    let store: CheckpointStore;
    const name = () => `projection-${randomUUID()}`;
    beforeAll(async () => {
      harness = await makeHarness();
      store = await harness.open('postgres');
    }, 60_000);
    afterAll(async () => harness?.dispose(), 60_000);

    it('has no checkpoint for a name never saved', async () => {
      expect(await store.load(name())).toBeUndefined();
    });

    it('loads what was saved, per name', async () => {
      const [a, b] = [name(), name()];
      await store.save(a, position(7n, 3n));
      await store.save(b, position(1n, 1n));
      expect(await store.load(a)).toEqual(position(7n, 3n));
      expect(await store.load(b)).toEqual(position(1n, 1n));
    });

    it('only moves forward: an older or equal position is ignored, a newer one by either part is kept', async () => {
      const key = name();
      await store.save(key, position(10n, 5n));
      await store.save(key, position(9n, 100n));
      await store.save(key, position(10n, 4n));
      await store.save(key, position(10n, 5n));
      expect(await store.load(key)).toEqual(position(10n, 5n));
      await store.save(key, position(10n, 6n));
      expect(await store.load(key)).toEqual(position(10n, 6n));
      await store.save(key, position(11n, 0n));
      expect(await store.load(key)).toEqual(position(11n, 0n));
    });

    it('keeps the highest of concurrent saves', async () => {
      const key = name();
      const saves = Array.from({ length: 20 }, (_, i) => position(BigInt((i * 7919) % 20), 1n));
      await Promise.all(saves.map((saved) => store.save(key, saved)));
      expect(await store.load(key)).toEqual(position(19n, 1n));
    });

    it('holds positions up to 2^64 - 1 in each part exactly', async () => {
      const key = name();
      const largest = position(2n ** 64n - 1n, 2n ** 64n - 1n);
      await store.save(key, largest);
      expect(await store.load(key)).toEqual(largest);
    });

    it('keeps checkpoints across a reopen', async () => {
      const key = name();
      await store.save(key, position(42n, 1n));
      store = await harness.open('postgres');
      expect(await store.load(key)).toEqual(position(42n, 1n));
    });

    // One store open at a time: an embedded database allows one opener.
    it('refuses a checkpoint of another kind of event store, by name, and never moves it', async () => {
      const key = name();
      let esdb = await harness.open('eventstoredb');
      await esdb.save(key, position(500n, 400n));
      store = await harness.open('postgres');
      const refusal = expect.objectContaining({
        name: 'ForeignCheckpoint',
        code: 'FOREIGN_CHECKPOINT',
        message: expect.stringMatching(new RegExp(`"${key}" is a position in EventStoreDB`)),
      });
      await expect(store.load(key)).rejects.toEqual(refusal);
      await store.save(key, position(900n, 0n));
      await expect(store.load(key)).rejects.toEqual(refusal);
      esdb = await harness.open('eventstoredb');
      expect(await esdb.load(key)).toEqual(position(500n, 400n));
      await esdb.save(key, position(500n, 401n));
      expect(await esdb.load(key)).toEqual(position(500n, 401n));
      store = await harness.open('postgres');
    });

    it('keeps one checkpoint per name: each kind of event store reads only its own', async () => {
      const [ours, theirs] = [name(), name()];
      await store.save(ours, position(3n, 3n));
      const memory = await harness.open('in-memory');
      await memory.save(theirs, position(4n, 4n));
      expect(await memory.load(theirs)).toEqual(position(4n, 4n));
      await expect(memory.load(ours)).rejects.toThrow(/PostgreSQL event store.*in-memory/);
      store = await harness.open('postgres');
      expect(await store.load(ours)).toEqual(position(3n, 3n));
      await expect(store.load(theirs)).rejects.toThrow(/in-memory event store.*PostgreSQL/);
    });
  });
}

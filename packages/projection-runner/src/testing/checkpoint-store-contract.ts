import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { CheckpointStore } from '../checkpoint-store.ts';

export interface CheckpointStoreHarness {
  /** A store over fresh data; calling it again reopens the same data (a restart). */
  open(): Promise<CheckpointStore>;
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
      store = await harness.open();
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
      store = await harness.open();
      expect(await store.load(key)).toEqual(position(42n, 1n));
    });
  });
}

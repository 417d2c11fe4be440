import { afterAll, beforeAll, describe } from 'vitest';
import type { EventStore } from '../port.ts';
import { appendAndReadContract } from './append-read-contract.ts';
import { subscriptionContract } from './subscription-contract.ts';

/** One store's backing data; open() again after closing the previous store simulates a restart. */
export interface EventStoreHarness {
  open(): Promise<EventStore>;
  dispose(): Promise<void>;
}

export interface ContractContext {
  /** The store under test (replaced by `restart`). */
  store(): EventStore;
  /** Closes the store and opens a new one over the same data. */
  restart(): Promise<EventStore>;
}

/** The promises of the EventStore port, run against one adapter. */
export function describeEventStoreContract(
  adapter: string,
  makeHarness: () => Promise<EventStoreHarness>,
): void {
  describe(`EventStore contract: ${adapter}`, () => {
    let harness: EventStoreHarness;
    let current: EventStore;
    const context: ContractContext = {
      store: () => current,
      async restart() {
        await current.close();
        current = await harness.open();
        return current;
      },
    };
    beforeAll(async () => {
      harness = await makeHarness();
      current = await harness.open();
    }, 60_000);
    afterAll(async () => {
      await current?.close();
      await harness?.dispose();
    }, 60_000);

    appendAndReadContract(context);
    subscriptionContract(context);
  });
}

import { afterAll, beforeAll, describe } from 'vitest';
import type { EventStore } from '../port.ts';
import { appendAndReadContract } from './append-read-contract.ts';
import { subscriptionContract } from './subscription-contract.ts';

/** One store's backing data; open() again after closing the previous store simulates a restart. */
export interface EventStoreHarness {
  open(): Promise<EventStore>;
  dispose(): Promise<void>;
  /**
   * Whether a repeat of only some of an earlier append's event ids (or in another order) is refused. EventStoreDB's
   * own idempotency check answers exact retries only and may append such a repeat; default true.
   */
  readonly refusesPartialRetries?: boolean;
  /**
   * Cuts the open store's connections to its server at once and keeps it unreachable for a while, as a network
   * failure would (e.g. through a TCP proxy, see @sportskk/testing startTcpProxy); resolves when it is reachable
   * again. Absent for stores without a connection (in memory, embedded).
   */
  dropConnections?(): Promise<void>;
}

export interface ContractContext {
  /** The store under test (replaced by `restart`). */
  store(): EventStore;
  /** Closes the store and opens a new one over the same data. */
  restart(): Promise<EventStore>;
  /** See EventStoreHarness.refusesPartialRetries. */
  refusesPartialRetries(): boolean;
  /** See EventStoreHarness.dropConnections; undefined when the store has none. */
  dropConnections(): (() => Promise<void>) | undefined;
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
      refusesPartialRetries: () => harness.refusesPartialRetries ?? true,
      dropConnections: () => harness.dropConnections?.bind(harness),
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

import { EventStoreDBClient } from '@eventstore/db-client';
import { describe } from 'vitest';
import { announceAdapter } from '@sportskk/testing';
import { describeEventStoreContract } from '../testing/index.ts';
import { createEsdbEventStore } from './esdb-event-store.ts';

// e.g. EVENTSTORE_URL=esdb://localhost:2113?tls=false. The contract appends a ~1.2 MB event: start the
// server with EVENTSTORE_MAX_APPEND_SIZE above that (the default is 1 MiB).
const url = announceAdapter('EventStoreDB', 'EVENTSTORE_URL');

describe.skipIf(!url)('EventStoreDB', () => {
  describeEventStoreContract('EventStoreDB', async () => ({
    async open() {
      const client = EventStoreDBClient.connectionString(url!);
      const store = createEsdbEventStore(client);
      return { ...store, close: async () => (await store.close(), await client.dispose()) };
    },
    // Contract tests use unique stream names, so there is nothing to clean up.
    dispose: async () => undefined,
    refusesPartialRetries: false,
  }));
});

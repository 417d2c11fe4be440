import { EventStoreDBClient } from '@eventstore/db-client';
import { describe } from 'vitest';
import { announceAdapter, startTcpProxy } from '@sportskk/testing';
import { describeEventStoreContract } from '../testing/index.ts';
import { createEsdbEventStore } from './esdb-event-store.ts';

// e.g. EVENTSTORE_URL=esdb://localhost:2113?tls=false. To one node the contract connects through a proxy it can
// cut (with tls=true the node's certificate must also name 127.0.0.1). The contract appends a ~1.2 MB event:
// start the server with EVENTSTORE_MAX_APPEND_SIZE above that (the default is 1 MiB).
const OUTAGE_MS = 1500;

const url = announceAdapter('EventStoreDB', 'EVENTSTORE_URL');

describe.skipIf(!url)('EventStoreDB', () => {
  describeEventStoreContract('EventStoreDB', async () => {
    // Discovery (a cluster, esdb+discover) hands out the nodes' own addresses, which no proxy sits in front of.
    const single = url!.startsWith('esdb://') && URL.canParse(url!) ? new URL(url!) : undefined;
    const proxy = single && (await startTcpProxy(single.host));
    const connectTo = proxy ? Object.assign(single, { host: proxy.address }).href : url!;
    return {
      async open() {
        const client = EventStoreDBClient.connectionString(connectTo);
        const store = createEsdbEventStore(client);
        return { ...store, close: async () => (await store.close(), await client.dispose()) };
      },
      ...(proxy && { dropConnections: () => proxy.outage(OUTAGE_MS) }),
      // Contract tests use unique stream names, so there is nothing to clean up.
      dispose: async () => proxy?.close(),
      refusesPartialRetries: false,
    };
  });
});

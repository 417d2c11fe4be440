import { EventStoreDBClient } from '@eventstore/db-client';
import { tracedEventStore } from './traced.ts';
import type { SqlClient } from '@sportskk/sql';
import { createEsdbEventStore } from './esdb/esdb-event-store.ts';
import type { EventStore } from './port.ts';
import { createPostgresEventStore } from './postgres/postgres-event-store.ts';

export interface OpenedEventStore {
  readonly store: EventStore;
  /** For people: which store this is. */
  readonly kind: string;
  /** Closes the store and what was opened for it (never the SQL client it was given). */
  close(): Promise<void>;
}

/**
 * EventStoreDB at `eventStoreUrl`, else the PostgreSQL event store over the SQL client `sql()` gives.
 * `onSubscriptionDrop` hears of every dropped EventStoreDB subscription (transient ones are reopened).
 */
export async function openEventStore(
  settings: { readonly eventStoreUrl: string | undefined },
  sql: () => Promise<{ readonly sql: SqlClient; readonly kind: string }>,
  options: { readonly onSubscriptionDrop?: (error: unknown) => void } = {},
): Promise<OpenedEventStore> {
  if (settings.eventStoreUrl) {
    const client = EventStoreDBClient.connectionString(settings.eventStoreUrl);
    const onDrop = options.onSubscriptionDrop;
    const store = tracedEventStore(
      createEsdbEventStore(client, { subscription: onDrop ? { onDrop } : {} }),
    );
    return {
      store,
      kind: 'EventStoreDB',
      close: async () => (await store.close(), await client.dispose()),
    };
  }
  const opened = await sql();
  const store = tracedEventStore(await createPostgresEventStore(opened.sql));
  return { store, kind: `PostgreSQL event store on ${opened.kind}`, close: () => store.close() };
}

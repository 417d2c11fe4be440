import { join } from 'node:path';
import { EventStoreDBClient } from '@eventstore/db-client';
import type { EventStore } from '@sportskk/event-store';
import { createEsdbEventStore } from '@sportskk/event-store/esdb';
import { createPostgresEventStore } from '@sportskk/event-store/postgres';
import { createMongoTicketViewStore, createPostgresTicketViewStore, type TicketViewStore } from '@sportskk/center';
import type { Config, Logger } from '@sportskk/service';
import { openSqlClient, type SqlClient } from '@sportskk/sql';
import { MongoClient } from 'mongodb';

export interface Stores {
  readonly sql: SqlClient;
  readonly events: EventStore;
  readonly views: TicketViewStore;
  /** Which technology serves each store, for the start-up banner and /health. */
  readonly kinds: { readonly events: string; readonly views: string; readonly sql: string };
  close(): Promise<void>;
}

/**
 * Polyglot persistence by configuration: PostgreSQL (server or embedded) always backs totalling; EVENTSTORE_URL
 * moves the event store to EventStoreDB and MONGO_URL the center view to MongoDB.
 */
export async function openStores(config: Config, logger: Logger): Promise<Stores> {
  const opened = await openSqlClient({ databaseUrl: config.databaseUrl, dataDir: join(config.dataDir, 'pglite'), onError: (error) => logger.warn({ err: error }, 'database connection lost') });
  const closers: Array<() => Promise<void>> = [() => opened.close()];
  try {
    let events: EventStore;
    if (config.eventStoreUrl) {
      const client = EventStoreDBClient.connectionString(config.eventStoreUrl);
      closers.unshift(() => client.dispose());
      events = createEsdbEventStore(client);
    } else {
      events = await createPostgresEventStore(opened.sql);
    }
    closers.unshift(() => events.close());
    let views: TicketViewStore;
    if (config.mongoUrl) {
      const mongo = await MongoClient.connect(config.mongoUrl);
      closers.unshift(() => mongo.close());
      views = await createMongoTicketViewStore(mongo.db());
    } else {
      views = await createPostgresTicketViewStore(opened.sql);
    }
    const sqlKind = config.databaseUrl ? 'PostgreSQL server' : `embedded PostgreSQL (PGlite) in ${join(config.dataDir, 'pglite')}`;
    return {
      sql: opened.sql,
      events,
      views,
      kinds: { sql: sqlKind, events: config.eventStoreUrl ? 'EventStoreDB' : sqlKind, views: config.mongoUrl ? 'MongoDB' : sqlKind },
      async close() {
        for (const close of closers) await close();
      },
    };
  } catch (error) {
    for (const close of closers) await close().catch(() => undefined);
    throw error;
  }
}

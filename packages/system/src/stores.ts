import { join } from 'node:path';
import { EventStoreDBClient } from '@eventstore/db-client';
import type { EventStore } from '@sportskk/event-store';
import { createEsdbEventStore } from '@sportskk/event-store/esdb';
import { createPostgresEventStore } from '@sportskk/event-store/postgres';
import { createMongoTicketViewStore, createPostgresTicketViewStore, type TicketViewStore } from '@sportskk/center';
import type { Config, Logger } from '@sportskk/service';
import { openSqlClient, type OpenedSql } from '@sportskk/sql';
import { MongoClient } from 'mongodb';

/** A store and how to release what was opened for it. */
export interface Opened<T> {
  readonly store: T;
  readonly kind: string;
  close(): Promise<void>;
}

/** PostgreSQL: the server at DATABASE_URL, else the embedded one in DATA_DIR/pglite (one opener per folder). */
export async function openSql(config: Config, logger: Logger): Promise<Opened<OpenedSql['sql']>> {
  const opened = await openSqlClient({ databaseUrl: config.databaseUrl, dataDir: join(config.dataDir, 'pglite'), onError: (error) => logger.warn({ err: error }, 'database connection lost') });
  const kind = config.databaseUrl ? 'PostgreSQL server' : `embedded PostgreSQL (PGlite) in ${join(config.dataDir, 'pglite')}`;
  return { store: opened.sql, kind, close: () => opened.close() };
}

/** EventStoreDB at EVENTSTORE_URL, else PostgreSQL over `sql`. */
export async function openEventStore(config: Config, sql: () => Promise<Opened<OpenedSql['sql']>>): Promise<Opened<EventStore>> {
  if (config.eventStoreUrl) {
    const client = EventStoreDBClient.connectionString(config.eventStoreUrl);
    const store = createEsdbEventStore(client);
    return { store, kind: 'EventStoreDB', close: async () => (await store.close(), await client.dispose()) };
  }
  const opened = await sql();
  const store = await createPostgresEventStore(opened.store);
  return { store, kind: opened.kind, close: () => store.close() };
}

/** MongoDB at MONGO_URL (database from the URL's path), else PostgreSQL JSONB over `sql`. */
export async function openViewStore(config: Config, sql: () => Promise<Opened<OpenedSql['sql']>>): Promise<Opened<TicketViewStore>> {
  if (config.mongoUrl) {
    const client = await MongoClient.connect(config.mongoUrl);
    return { store: await createMongoTicketViewStore(client.db()), kind: 'MongoDB', close: () => client.close() };
  }
  const opened = await sql();
  return { store: await createPostgresTicketViewStore(opened.store), kind: opened.kind, close: async () => undefined };
}

export interface Stores {
  readonly sql: OpenedSql['sql'];
  readonly events: EventStore;
  readonly views: TicketViewStore;
  readonly kinds: { readonly events: string; readonly views: string; readonly sql: string };
  close(): Promise<void>;
}

/** Every store of the all-in-one process, sharing one PostgreSQL connection (pool or embedded). */
export async function openStores(config: Config, logger: Logger): Promise<Stores> {
  const sql = await openSql(config, logger);
  const closers: Array<() => Promise<void>> = [() => sql.close()];
  try {
    const events = await openEventStore(config, async () => sql);
    closers.unshift(() => events.close());
    const views = await openViewStore(config, async () => sql);
    closers.unshift(() => views.close());
    return {
      sql: sql.store,
      events: events.store,
      views: views.store,
      kinds: { sql: sql.kind, events: events.kind, views: views.kind },
      async close() {
        for (const close of closers) await close();
      },
    };
  } catch (error) {
    for (const close of closers) await close().catch(() => undefined);
    throw error;
  }
}

import {
  createMongoTicketViewStore,
  createPostgresTicketViewStore,
  type TicketViewStore,
} from '@sportskk/center';
import type { EventStore } from '@sportskk/event-store';
import { openEventStore } from '@sportskk/event-store/open';
import {
  connectionLost,
  subscriptionDropped,
  type Logger,
  type PartStack,
} from '@sportskk/platform';
import { openDatabase, type SqlClient } from '@sportskk/sql';
import { MongoClient } from 'mongodb';
import type { SystemConfig } from './config.ts';

export interface SystemStores {
  readonly sql: SqlClient;
  readonly events: EventStore;
  readonly views: TicketViewStore;
  /** For people: which store each is. */
  readonly kinds: { readonly events: string; readonly views: string; readonly sql: string };
}

/**
 * Every store of the system in one process, sharing one PostgreSQL database (the embedded one allows one opener);
 * EVENTSTORE_URL and MONGO_URL move the event log and the view to their servers. Each is pushed onto `parts`.
 */
export async function openSystemStores(
  config: SystemConfig,
  logger: Logger,
  parts: PartStack,
): Promise<SystemStores> {
  const settings = config.ticketing.eventLog;
  const database = parts.push(await openDatabase(settings, connectionLost(logger)));
  const events = parts.push(
    await openEventStore(settings, async () => database, {
      onSubscriptionDrop: subscriptionDropped(logger),
    }),
  );
  const mongoUrl = config.center.mongoUrl;
  const views = mongoUrl
    ? await createMongoTicketViewStore(parts.push(await MongoClient.connect(mongoUrl)).db(), {
        eventStore: events.store.kind,
      })
    : await createPostgresTicketViewStore(database.sql, { eventStore: events.store.kind });
  return {
    sql: database.sql,
    events: events.store,
    views,
    kinds: { sql: database.kind, events: events.kind, views: mongoUrl ? 'MongoDB' : database.kind },
  };
}

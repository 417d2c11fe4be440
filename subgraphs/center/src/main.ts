/** The center as its own process (`npm run start:center`): MONGO_URL or DATABASE_URL; EVENTSTORE_URL for its projection. */
import { openEventStore } from '@sportskk/event-store/open';
import { connectionLost, runProcess, subscriptionDropped } from '@sportskk/platform';
import { sqlProjectionLease } from '@sportskk/projection-runner';
import { openDatabase, type OpenedSql } from '@sportskk/sql';
import { MongoClient } from 'mongodb';
import { createMongoTicketViewStore } from './adapters/mongo/mongo-ticket-view-store.ts';
import { createPostgresTicketViewStore } from './adapters/postgres/postgres-ticket-view-store.ts';
import { loadCenterConfig } from './config.ts';
import { startCenter } from './service.ts';

await runProcess('center', loadCenterConfig, async (config, { logger, metrics, parts }) => {
  let database: OpenedSql | undefined;
  const sql = async () =>
    (database ??= parts.push(await openDatabase(config.eventLog, connectionLost(logger))));
  const events = parts.push(
    await openEventStore(config.eventLog, sql, {
      onSubscriptionDrop: subscriptionDropped(logger),
    }),
  );
  const positions = { eventStore: events.store.kind };
  const store = config.mongoUrl
    ? await createMongoTicketViewStore(
        parts.push(await MongoClient.connect(config.mongoUrl)).db(),
        positions,
      )
    : await createPostgresTicketViewStore((await sql()).sql, positions);
  // With a PostgreSQL database at hand, the view projection is one active consumer among replicas; on MongoDB
  // with EventStoreDB every replica applies it (its writes are conditional, so the outcome is the same).
  const lease = database && sqlProjectionLease(database.sql);
  parts.push(
    await startCenter({
      config,
      store,
      events: events.store,
      logger,
      metrics,
      ...(lease && { lease }),
    }),
  );
});

/** Totalling as its own process (`npm run start:totalling`): DATABASE_URL, and EVENTSTORE_URL for its projection. */
import { openEventStore } from '@sportskk/event-store/open';
import { connectionLost, runProcess, subscriptionDropped } from '@sportskk/platform';
import { sqlProjectionLease } from '@sportskk/projection-runner';
import { openDatabase } from '@sportskk/sql';
import { createTotallingStore } from './adapters/postgres/postgres-totalling-store.ts';
import { loadTotallingConfig } from './config.ts';
import { startTotalling } from './service.ts';

await runProcess('totalling', loadTotallingConfig, async (config, { logger, metrics, parts }) => {
  const database = parts.push(await openDatabase(config.eventLog, connectionLost(logger)));
  const events = parts.push(
    await openEventStore(config.eventLog, async () => database, {
      onSubscriptionDrop: subscriptionDropped(logger),
    }),
  );
  const store = await createTotallingStore(database.sql, { eventStore: events.store.kind });
  parts.push(
    await startTotalling({
      config,
      store,
      events: events.store,
      logger,
      metrics,
      lease: sqlProjectionLease(database.sql),
    }),
  );
});

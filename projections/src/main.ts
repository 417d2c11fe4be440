/** The projections worker as its own process (`npm run start:projections`): the approval process manager. */
import { openEventStore } from '@sportskk/event-store/open';
import { createServiceTokens } from '@sportskk/identity';
import { connectionLost, runProcess, subscriptionDropped } from '@sportskk/platform';
import { createSqlCheckpointStore, sqlProjectionLease } from '@sportskk/projection-runner';
import { openDatabase } from '@sportskk/sql';
import { createHttpTicketing } from './adapters/http-ticketing.ts';
import { loadProjectionsConfig } from './config.ts';
import { startProjections } from './service.ts';

await runProcess(
  'projections',
  loadProjectionsConfig,
  async (config, { logger, metrics, parts }) => {
    const database = parts.push(await openDatabase(config.eventLog, connectionLost(logger)));
    const events = parts.push(
      await openEventStore(config.eventLog, async () => database, {
        onSubscriptionDrop: subscriptionDropped(logger),
      }),
    );
    const checkpoints = await createSqlCheckpointStore(database.sql, {
      eventStore: events.store.kind,
    });
    const ticketing = createHttpTicketing({
      baseUrl: config.ticketingInternalUrl,
      timeoutMs: config.peerTimeoutMs,
      tokens: createServiceTokens({ keys: config.serviceKeys, self: 'projections' }),
    });
    parts.push({ stop: async () => ticketing.close() });
    parts.push(
      await startProjections({
        config,
        events: events.store,
        checkpoints,
        ticketing,
        logger,
        metrics,
        lease: sqlProjectionLease(database.sql),
      }),
    );
  },
);

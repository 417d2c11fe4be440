/** The projections worker as its own process (`npm run start:projections`): the approval process manager. */
import { openEventStore } from '@sportskk/event-store/open';
import { runProcess } from '@sportskk/platform';
import { createSqlCheckpointStore } from '@sportskk/projection-runner';
import { openDatabase } from '@sportskk/sql';
import { createHttpPeers } from './adapters/http-peers.ts';
import { loadProjectionsConfig } from './config.ts';
import { startProjections } from './service.ts';

await runProcess(
  'projections',
  loadProjectionsConfig,
  async (config, { logger, metrics, parts }) => {
    const database = parts.push(
      await openDatabase(config.eventLog, (error) =>
        logger.warn({ err: error }, 'database connection lost'),
      ),
    );
    const events = parts.push(await openEventStore(config.eventLog, async () => database));
    const checkpoints = await createSqlCheckpointStore(database.sql);
    const peers = createHttpPeers({
      ticketingUrl: config.ticketingInternalUrl,
      totallingUrl: config.totallingInternalUrl,
      timeoutMs: config.peerTimeoutMs,
    });
    parts.push({ stop: async () => peers.close() });
    parts.push(
      await startProjections({ config, events: events.store, checkpoints, peers, logger, metrics }),
    );
  },
);

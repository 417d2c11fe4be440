/** The ticketing subgraph as its own process (deployment): EVENTSTORE_URL or DATABASE_URL, TOTALLING_INTERNAL_URL. */
import { createHttpTotallingService, startTicketingService } from '@sportskk/ticketing';
import { openEventStore, openSql } from '../stores.ts';
import { runService } from './run-service.ts';

await runService('ticketing', async (config, { logger, metrics, parts }) => {
  const events = parts.push(await openEventStore(config, async () => parts.push(await openSql(config, logger))));
  const totalling = createHttpTotallingService({ baseUrl: config.totallingInternalUrl, breaker: config.breaker, logger, metrics });
  parts.push({ stop: async () => totalling.close() });
  parts.push(await startTicketingService({ config, store: events.store, totalling, logger, metrics, port: config.ports.ticketing, host: config.host }));
});

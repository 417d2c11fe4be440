/** The ticketing subgraph as its own process (deployment): EVENTSTORE_URL or DATABASE_URL, TOTALLING_INTERNAL_URL. */
import { collectProcessMetrics, createLogger, createMetricsRegistry } from '@sportskk/service';
import { createHttpTotallingService, startTicketingService } from '@sportskk/ticketing';
import { openEventStore, openSql } from '../stores.ts';
import { runService, stack } from './run-service.ts';

await runService('ticketing', async (config) => {
  const logger = createLogger('ticketing', config.logLevel);
  const metrics = createMetricsRegistry('ticketing');
  collectProcessMetrics(metrics);
  const parts = stack();
  const events = parts.push(await openEventStore(config, async () => parts.push(await openSql(config, logger))));
  const totalling = createHttpTotallingService({ baseUrl: config.totallingInternalUrl, breaker: config.breaker, logger, metrics });
  parts.push({ stop: async () => totalling.close() });
  parts.push(await startTicketingService({ config, store: events.store, totalling, logger, metrics, port: config.ports.ticketing, host: config.host }));
  return parts;
});

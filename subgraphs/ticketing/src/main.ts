/** Ticketing as its own process (`npm run start:ticketing`): EVENTSTORE_URL or DATABASE_URL, TOTALLING_INTERNAL_URL. */
import { openEventStore } from '@sportskk/event-store/open';
import { createServiceTokens } from '@sportskk/identity';
import { connectionLost, runProcess } from '@sportskk/platform';
import { openDatabase } from '@sportskk/sql';
import { createHttpTotallingService } from './adapters/http/http-totalling-service.ts';
import { loadTicketingConfig } from './config.ts';
import { startTicketing } from './service.ts';

await runProcess('ticketing', loadTicketingConfig, async (config, { logger, metrics, parts }) => {
  const events = parts.push(
    await openEventStore(config.eventLog, async () =>
      parts.push(await openDatabase(config.eventLog, connectionLost(logger))),
    ),
  );
  const totalling = createHttpTotallingService({
    baseUrl: config.totallingInternalUrl,
    tokens: createServiceTokens({ keys: config.serviceKeys, self: 'ticketing' }),
    breaker: config.breaker,
    logger,
    metrics,
  });
  parts.push({ stop: async () => totalling.close() });
  parts.push(await startTicketing({ config, events: events.store, totalling, logger, metrics }));
});

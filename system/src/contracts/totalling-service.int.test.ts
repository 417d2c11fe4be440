import { createInMemoryEventStore } from '@sportskk/event-store';
import { createServiceTokens } from '@sportskk/identity';
import { createLogger, createMetricsRegistry } from '@sportskk/platform';
import { createPgliteSqlClient, openEmbeddedDatabase } from '@sportskk/sql';
import { announceAlways } from '@sportskk/testing';
import { createHttpTotallingService, loadTicketingConfig } from '@sportskk/ticketing';
import { describeTotallingServiceContract } from '@sportskk/ticketing/testing';
import {
  createEventStoreTicketLog,
  createTotallingStore,
  loadTotallingConfig,
  startTotalling,
} from '@sportskk/totalling';

// Ticketing's port against the real thing: its HTTP adapter (breaker, keep-alive) calling a running totalling.
announceAlways('TotallingService over HTTP against totalling (PGlite)');
describeTotallingServiceContract('HTTP adapter against a running totalling', async () => {
  const database = await openEmbeddedDatabase();
  const store = await createTotallingStore(createPgliteSqlClient(database.db), {
    eventStore: 'postgres',
  });
  const logger = createLogger('contract', 'silent');
  const config = loadTotallingConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', TOTALLING_PORT: '0' });
  // The log the calls are checked against; the totals projection follows another, empty one, so only the
  // calls under test count.
  const events = createInMemoryEventStore();
  const totalling = await startTotalling({
    config,
    store,
    events: createInMemoryEventStore(),
    log: createEventStoreTicketLog(events),
    logger,
    metrics: createMetricsRegistry('totalling'),
  });
  const { breaker } = loadTicketingConfig({ BREAKER_TIMEOUT_MS: '500' });
  const service = createHttpTotallingService({
    baseUrl: `http://127.0.0.1:${totalling.port}`,
    tokens: createServiceTokens({
      self: 'ticketing',
      keys: loadTicketingConfig({ NODE_ENV: 'test' }).serviceKeys,
    }),
    breaker,
    logger,
    metrics: createMetricsRegistry('ticketing'),
  });
  let running = true;
  return {
    service,
    events,
    isCounted: async (ticketId) => {
      const record = (await store.ticketRecords([ticketId])).get(ticketId);
      return record !== undefined && record.countedAt !== null && record.reversedAt === null;
    },
    totalOf: async (teamCode) => {
      const [total] = await store.teamTotals([teamCode]);
      return { totalCredit: total!.totalCredit, ticketCount: total!.ticketCount };
    },
    takeDown: async () => {
      running = false;
      await totalling.stop();
    },
    dispose: async () => {
      service.close();
      if (running) await totalling.stop();
      await database.close();
    },
  };
});

/** The totalling subgraph (and its internal endpoint) as its own process: DATABASE_URL. */
import { collectProcessMetrics, createLogger, createMetricsRegistry } from '@sportskk/service';
import { createTotallingStore, startTotallingService } from '@sportskk/totalling';
import { openSql } from '../stores.ts';
import { runService, stack } from './run-service.ts';

await runService('totalling', async (config) => {
  const logger = createLogger('totalling', config.logLevel);
  const metrics = createMetricsRegistry('totalling');
  collectProcessMetrics(metrics);
  const parts = stack();
  const sql = parts.push(await openSql(config, logger));
  const store = await createTotallingStore(sql.store);
  parts.push(await startTotallingService({ config, store, logger, metrics, port: config.ports.totalling, host: config.host }));
  return parts;
});

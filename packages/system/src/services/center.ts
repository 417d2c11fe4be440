/** The center subgraph as its own process: MONGO_URL or DATABASE_URL. */
import { startCenterService } from '@sportskk/center';
import { collectProcessMetrics, createLogger, createMetricsRegistry } from '@sportskk/service';
import { openSql, openViewStore } from '../stores.ts';
import { runService, stack } from './run-service.ts';

await runService('center', async (config) => {
  const logger = createLogger('center', config.logLevel);
  const metrics = createMetricsRegistry('center');
  collectProcessMetrics(metrics);
  const parts = stack();
  const views = parts.push(await openViewStore(config, async () => parts.push(await openSql(config, logger))));
  parts.push(await startCenterService({ config, store: views.store, logger, metrics, port: config.ports.center, host: config.host }));
  return parts;
});

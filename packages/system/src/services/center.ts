/** The center subgraph as its own process: MONGO_URL or DATABASE_URL. */
import { startCenterService } from '@sportskk/center';
import { openSql, openViewStore } from '../stores.ts';
import { runService } from './run-service.ts';

await runService('center', async (config, { logger, metrics, parts }) => {
  const views = parts.push(await openViewStore(config, async () => parts.push(await openSql(config, logger))));
  parts.push(await startCenterService({ config, store: views.store, logger, metrics, port: config.ports.center, host: config.host }));
});

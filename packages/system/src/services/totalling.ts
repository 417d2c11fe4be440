/** The totalling subgraph (and its internal endpoint) as its own process: DATABASE_URL. */
import { createTotallingStore, startTotallingService } from '@sportskk/totalling';
import { openSql } from '../stores.ts';
import { runService } from './run-service.ts';

await runService('totalling', async (config, { logger, metrics, parts }) => {
  const sql = parts.push(await openSql(config, logger));
  const store = await createTotallingStore(sql.store);
  parts.push(await startTotallingService({ config, store, logger, metrics, port: config.ports.totalling, host: config.host }));
});

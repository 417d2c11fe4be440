/** The projection workers as their own process (one active replica per projection): health and metrics on PROJECTIONS_PORT. */
import { startHttpService } from '@sportskk/service';
import { createTotallingStore } from '@sportskk/totalling';
import { openEventStore, openSql, openViewStore } from '../stores.ts';
import { projectionWorkers } from '../projection-workers.ts';
import { runService } from './run-service.ts';

await runService('projections', async (config, { logger, metrics, parts }) => {
  const sql = parts.push(await openSql(config, logger));
  const events = parts.push(await openEventStore(config, async () => sql));
  const views = parts.push(await openViewStore(config, async () => sql));
  const totalling = await createTotallingStore(sql.store);
  const workers = await projectionWorkers({ config, events: events.store, views: views.store, totalling, sql: sql.store, logger, metrics });
  parts.push(workers.startTotals());
  parts.push(workers.startView());
  parts.push(workers.startApproval());
  parts.push(await startHttpService({ name: 'projections', host: config.host, port: config.ports.projections, logger, metrics }));
});

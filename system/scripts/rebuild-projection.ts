/**
 * npm run projections:rebuild -- <center-ticket-view | team-totals>
 * Rebuilds one projection from the first event into a fresh schema and swaps it in, while the system keeps serving
 * reads; on the stores the environment names (DATABASE_URL, else the embedded PostgreSQL of npm start).
 */
import { createLogger, partStack } from '@sportskk/platform';
import { loadSystemConfig } from '../src/config.ts';
import {
  rebuildProjection,
  RebuildRefused,
  REBUILDABLE_PROJECTIONS,
} from '../src/rebuild/rebuild-projection.ts';
import { openSystemStores } from '../src/stores.ts';
import { systemDatabaseEnv } from '../src/supervisor/system-database.ts';

const name = process.argv[2];
if (!name || process.argv.length > 3) {
  console.error(`Usage: npm run projections:rebuild -- <${REBUILDABLE_PROJECTIONS.join(' | ')}>`);
  process.exit(2);
}
const parts = partStack();
let exitCode = 1;
try {
  const database = parts.push(await systemDatabaseEnv(process.env));
  const config = loadSystemConfig(database.env);
  if (name === 'center-ticket-view' && config.center.mongoUrl)
    throw new RebuildRefused(
      'the center view is on MongoDB (MONGO_URL): only its PostgreSQL view can be rebuilt',
    );
  const logger = createLogger('rebuild', 'warn');
  const stores = await openSystemStores(config, logger, parts);
  const result = await rebuildProjection({ sql: stores.sql, events: stores.events, name, logger });
  const rate = Math.round(result.events / Math.max(result.catchUpSeconds, 0.001));
  console.log(
    `rebuilt ${name}: ${result.events} events in ${result.catchUpSeconds.toFixed(2)} s (${rate} events/s), swapped in`,
  );
  exitCode = 0;
} catch (error) {
  console.error(`rebuild refused: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = error instanceof RebuildRefused ? 2 : 1;
} finally {
  await parts.stop().catch(() => undefined);
}
process.exit(exitCode);

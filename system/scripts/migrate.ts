/**
 * npm run migrate
 * Brings every schema of the stores the environment names (DATABASE_URL, EVENTSTORE_URL, MONGO_URL; else the
 * embedded PostgreSQL of `npm start`) to its latest migration, then exits: for a deployment's migration Job.
 */
import { createLogger, partStack } from '@sportskk/platform';
import { loadSystemConfig } from '../src/config.ts';
import { migrateAll } from '../src/migrate.ts';
import { openSystemStores } from '../src/stores.ts';
import { systemDatabaseEnv } from '../src/supervisor/system-database.ts';

const parts = partStack();
let exitCode = 1;
try {
  const database = await systemDatabaseEnv(process.env);
  parts.push(database);
  const config = loadSystemConfig(database.env);
  const stores = await openSystemStores(config, createLogger('migrate', 'warn'), parts);
  await migrateAll(stores);
  console.log(
    `migrated: ${stores.kinds.sql} (log: ${stores.kinds.events}; view: ${stores.kinds.views})`,
  );
  exitCode = 0;
} catch (error) {
  console.error(`migrate failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await parts.stop().catch(() => undefined);
}
process.exit(exitCode);

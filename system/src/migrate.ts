import { createSqlCheckpointStore } from '@sportskk/projection-runner';
import { createTotallingStore } from '@sportskk/totalling';
import type { SystemStores } from './stores.ts';

/**
 * Every schema the system keeps on PostgreSQL, brought to its latest migration: opening the stores migrates the
 * event store and the center view (or the MongoDB view's indexes); this adds totalling's tables and the projections'
 * checkpoints. The services migrate the same way at start; this lets a deployment run it once, first (a Job).
 */
export async function migrateAll(stores: SystemStores): Promise<void> {
  const eventStore = stores.events.kind;
  await createTotallingStore(stores.sql, { eventStore });
  await createSqlCheckpointStore(stores.sql, { eventStore });
}

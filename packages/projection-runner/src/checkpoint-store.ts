import type { EventStoreKind, GlobalPosition } from '@sportskk/event-store';
import { migrate, type SqlClient } from '@sportskk/sql';
import {
  CHECKPOINTS_FROM_TEXT_SQL,
  CHECKPOINTS_TAGGED_SQL,
  sqlCheckpoints,
} from './sql-checkpoints.ts';

/** Checkpoints of workers that keep no table of their own (e.g. a process manager). Only forward. */
export interface CheckpointStore {
  /** Throws ForeignCheckpoint for a position in another kind of event store. */
  load(name: string): Promise<GlobalPosition | undefined>;
  save(name: string, position: GlobalPosition): Promise<void>;
}

const MIGRATIONS = [
  {
    version: 1,
    description: 'checkpoints',
    sql: 'CREATE TABLE {schema}.checkpoints (name text PRIMARY KEY, position text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());',
  },
  {
    version: 2,
    description: 'checkpoints as numeric position parts, only forward',
    sql: CHECKPOINTS_FROM_TEXT_SQL,
  },
  { version: 3, description: 'checkpoints name their event store', sql: CHECKPOINTS_TAGGED_SQL },
];

/** A CheckpointStore in `schema` (default `projections`) of positions in an `eventStore` store; migrates first. */
export async function createSqlCheckpointStore(
  sql: SqlClient,
  options: { readonly schema?: string; readonly eventStore: EventStoreKind },
): Promise<CheckpointStore> {
  const schema = options.schema ?? 'projections';
  await migrate(sql, schema, MIGRATIONS);
  const checkpoints = sqlCheckpoints(schema, options.eventStore);
  return {
    load: (name) => checkpoints.load(sql, name),
    save: (name, position) => checkpoints.save(sql, name, position),
  };
}

import type { GlobalPosition } from '@sportskk/event-store';
import { migrate, type SqlClient } from '@sportskk/sql';
import { CHECKPOINTS_FROM_TEXT_SQL, sqlCheckpoints } from './sql-checkpoints.ts';

/** Checkpoints of workers that keep no table of their own (e.g. a process manager). Only forward. */
export interface CheckpointStore {
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
];

/** A CheckpointStore in `schema` (default `projections`); runs its migrations first. */
export async function createSqlCheckpointStore(
  sql: SqlClient,
  options: { schema?: string } = {},
): Promise<CheckpointStore> {
  const schema = options.schema ?? 'projections';
  await migrate(sql, schema, MIGRATIONS);
  const checkpoints = sqlCheckpoints(schema);
  return {
    load: (name) => checkpoints.load(sql, name),
    save: (name, position) => checkpoints.save(sql, name, position),
  };
}

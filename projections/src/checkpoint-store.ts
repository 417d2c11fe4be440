import { formatPosition, parsePosition, type GlobalPosition } from '@sportskk/event-store';
import { identifier, migrate, type SqlClient } from '@sportskk/sql';

/** Checkpoints of workers whose target is not a SQL table of their own (e.g. the process manager). */
export interface CheckpointStore {
  load(name: string): Promise<GlobalPosition | undefined>;
  save(name: string, position: GlobalPosition): Promise<void>;
}

export async function createSqlCheckpointStore(sql: SqlClient, options: { schema?: string } = {}): Promise<CheckpointStore> {
  const schema = options.schema ?? 'projections';
  await migrate(sql, schema, [{ version: 1, description: 'checkpoints', sql: 'CREATE TABLE {schema}.checkpoints (name text PRIMARY KEY, position text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());' }]);
  const table = `${identifier(schema)}.checkpoints`;
  return {
    async load(name) {
      const [row] = await sql.query<{ position: string }>(`SELECT position FROM ${table} WHERE name = $1`, [name]);
      return row ? parsePosition(row.position) : undefined;
    },
    async save(name, position) {
      await sql.query(
        `INSERT INTO ${table} (name, position) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
        [name, formatPosition(position)],
      );
    },
  };
}

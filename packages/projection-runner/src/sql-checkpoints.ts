import { parsePosition, type GlobalPosition } from '@sportskk/event-store';
import { identifier, type SqlQueryable } from '@sportskk/sql';

/** Turns an older `checkpoints (name, position text, updated_at)` table into today's. Released migrations run it: never edit. */
export const CHECKPOINTS_FROM_TEXT_SQL = `
  ALTER TABLE {schema}.checkpoints ADD COLUMN transaction numeric(20, 0), ADD COLUMN sequence numeric(20, 0);
  UPDATE {schema}.checkpoints
    SET transaction = split_part(position, '/', 1)::numeric, sequence = split_part(position, '/', 2)::numeric;
  ALTER TABLE {schema}.checkpoints
    ALTER COLUMN transaction SET NOT NULL, ALTER COLUMN sequence SET NOT NULL, DROP COLUMN position;
  ALTER TABLE {schema}.checkpoints RENAME COLUMN updated_at TO stored_at;`;

export interface SqlCheckpoints {
  load(db: SqlQueryable, name: string): Promise<GlobalPosition | undefined>;
  /** Only forward: a position at or before the stored one is ignored. Pass the transaction of the writes it covers. */
  save(db: SqlQueryable, name: string, position: GlobalPosition): Promise<void>;
}

/**
 * Reads and writes the checkpoints table of `schema`, inside a transaction of the caller's or on their own. The
 * table: checkpoints (name text PRIMARY KEY, transaction numeric(20, 0), sequence numeric(20, 0), stored_at timestamptz).
 */
export function sqlCheckpoints(schema: string): SqlCheckpoints {
  const table = `${identifier(schema)}.checkpoints`;
  const load = `SELECT transaction::text || '/' || sequence::text AS position FROM ${table} WHERE name = $1`;
  const save = `INSERT INTO ${table} AS stored (name, transaction, sequence) VALUES ($1, $2::numeric, $3::numeric)
    ON CONFLICT (name) DO UPDATE SET transaction = EXCLUDED.transaction, sequence = EXCLUDED.sequence, stored_at = now()
    WHERE (stored.transaction, stored.sequence) < (EXCLUDED.transaction, EXCLUDED.sequence)`;
  return {
    async load(db, name) {
      const [row] = await db.query<{ position: string }>(
        load,
        [name],
        `checkpoints:${schema}:load`,
      );
      return row ? parsePosition(row.position) : undefined;
    },
    async save(db, name, position) {
      await db.query(
        save,
        [name, position.transaction.toString(), position.sequence.toString()],
        `checkpoints:${schema}:save`,
      );
    },
  };
}

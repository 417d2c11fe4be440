import { parsePosition, type EventStoreKind, type GlobalPosition } from '@sportskk/event-store';
import { identifier, type SqlQueryable } from '@sportskk/sql';
import { checkCheckpointOrigin } from './checkpoint-origin.ts';

/** Turns an older `checkpoints (name, position text, updated_at)` table into today's. Released migrations run it: never edit. */
export const CHECKPOINTS_FROM_TEXT_SQL = `
  ALTER TABLE {schema}.checkpoints ADD COLUMN transaction numeric(20, 0), ADD COLUMN sequence numeric(20, 0);
  UPDATE {schema}.checkpoints
    SET transaction = split_part(position, '/', 1)::numeric, sequence = split_part(position, '/', 2)::numeric;
  ALTER TABLE {schema}.checkpoints
    ALTER COLUMN transaction SET NOT NULL, ALTER COLUMN sequence SET NOT NULL, DROP COLUMN position;
  ALTER TABLE {schema}.checkpoints RENAME COLUMN updated_at TO stored_at;`;

/** Tags each checkpoint with the kind of event store its position is in (null: stored before tagging). */
export const CHECKPOINTS_TAGGED_SQL = `ALTER TABLE {schema}.checkpoints ADD COLUMN event_store text;`;

export interface SqlCheckpoints {
  /** Throws ForeignCheckpoint when the stored one is a position in another kind of event store. */
  load(db: SqlQueryable, name: string): Promise<GlobalPosition | undefined>;
  /** Only forward: a position at or before the stored one is ignored. Pass the transaction of the writes it covers. */
  save(db: SqlQueryable, name: string, position: GlobalPosition): Promise<void>;
}

/**
 * Reads and writes the checkpoints table of `schema`, positions in an `eventStore` store, inside a transaction of
 * the caller's or on their own. The table: checkpoints (name text PRIMARY KEY, transaction numeric(20, 0),
 * sequence numeric(20, 0), stored_at timestamptz, event_store text).
 */
export function sqlCheckpoints(schema: string, eventStore: EventStoreKind): SqlCheckpoints {
  const table = `${identifier(schema)}.checkpoints`;
  const load = `SELECT transaction::text || '/' || sequence::text AS position, event_store
    FROM ${table} WHERE name = $1`;
  // A foreign checkpoint is never moved (load refuses it first); an untagged one is taken over by PostgreSQL's.
  const save = `INSERT INTO ${table} AS stored (name, transaction, sequence, event_store)
    VALUES ($1, $2::numeric, $3::numeric, $4)
    ON CONFLICT (name) DO UPDATE SET transaction = EXCLUDED.transaction, sequence = EXCLUDED.sequence,
      event_store = EXCLUDED.event_store, stored_at = now()
    WHERE (stored.transaction, stored.sequence) < (EXCLUDED.transaction, EXCLUDED.sequence)
      AND coalesce(stored.event_store, 'postgres') = EXCLUDED.event_store`;
  return {
    async load(db, name) {
      const [row] = await db.query<{ position: string; event_store: string | null }>(
        load,
        [name],
        `checkpoints:${schema}:load`,
      );
      if (!row) return undefined;
      checkCheckpointOrigin(name, row.event_store, eventStore);
      return parsePosition(row.position);
    },
    async save(db, name, position) {
      await db.query(
        save,
        [name, position.transaction.toString(), position.sequence.toString(), eventStore],
        `checkpoints:${schema}:save`,
      );
    },
  };
}

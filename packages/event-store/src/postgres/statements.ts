import { identifier } from '@sportskk/sql';
import type { ExpectedRevision, GlobalPosition, JsonObject, EventMetadata, RecordedEvent } from '../port.ts';

/** The SQL of one store, bound to its schema. */
export function eventStoreStatements(schema: string) {
  const s = identifier(schema);
  // Output names equal column names cast to text, so ORDER BY must qualify (e.) to sort by the real type.
  const columns = `e.position::text AS position, e.transaction_id::text AS transaction_id, e.stream_name,
    e.stream_revision::text AS stream_revision, e.event_id::text AS event_id, e.event_type, e.data, e.metadata, e.recorded_at`;

  /** Claims revisions for $3 events on stream $1; returns the stream's new revision, or no row on conflict. */
  const claim = (expected: ExpectedRevision): string => {
    switch (expected) {
      case 'any':
        return `INSERT INTO ${s}.streams AS st (stream_name, revision) VALUES ($1, $3 - 1)
                ON CONFLICT (stream_name) DO UPDATE SET revision = st.revision + $3 RETURNING revision`;
      case 'no_stream':
        return `INSERT INTO ${s}.streams (stream_name, revision) VALUES ($1, $3 - 1) ON CONFLICT (stream_name) DO NOTHING RETURNING revision`;
      case 'stream_exists':
        return `UPDATE ${s}.streams SET revision = revision + $3 WHERE stream_name = $1 RETURNING revision`;
      default:
        return `UPDATE ${s}.streams SET revision = revision + $3 WHERE stream_name = $1 AND revision = $4::bigint RETURNING revision`;
    }
  };

  return {
    /** One statement, so one round trip and no explicit transaction. Params: stream, events JSON, count, [revision]. */
    append: (expected: ExpectedRevision) => `
      WITH stream AS (${claim(expected)}),
      appended AS (
        INSERT INTO ${s}.events (stream_name, stream_revision, event_id, event_type, data, metadata)
        SELECT $1, stream.revision - $3 + e.ordinality, (e.value->>'id')::uuid, e.value->>'type', e.value->'data', e.value->'metadata'
        FROM stream, jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(value, ordinality)
        RETURNING transaction_id, position, stream_revision
      )
      SELECT max(stream_revision)::text AS revision, min(transaction_id::text) AS transaction_id, max(position)::text AS position
      FROM appended`,
    currentRevision: `SELECT revision::text AS revision FROM ${s}.streams WHERE stream_name = $1`,
    readStream: `SELECT ${columns} FROM ${s}.events e WHERE e.stream_name = $1 AND e.stream_revision >= $2::bigint
      ORDER BY e.stream_revision LIMIT $3`,
    /** Params: after transaction, after position, limit, stream prefixes (LIKE patterns) or null, event types or null. */
    readAll: `SELECT ${columns} FROM ${s}.events e
      WHERE (e.transaction_id, e.position) > ($1::text::xid8, $2::bigint)
        AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        AND ($4::text[] IS NULL OR e.stream_name LIKE ANY ($4::text[]))
        AND ($5::text[] IS NULL OR e.event_type = ANY ($5::text[]))
      ORDER BY e.transaction_id, e.position LIMIT $3`,
    /** True when some committed event is still behind the horizon (an older transaction is open). */
    pendingAfter: `SELECT EXISTS (SELECT 1 FROM ${s}.events
      WHERE transaction_id >= pg_snapshot_xmin(pg_current_snapshot()) AND (transaction_id, position) > ($1::text::xid8, $2::bigint)) AS pending`,
  };
}

export interface EventRow {
  position: string;
  transaction_id: string;
  stream_name: string;
  stream_revision: string;
  event_id: string;
  event_type: string;
  data: JsonObject;
  metadata: EventMetadata;
  recorded_at: Date | string;
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    type: row.event_type,
    data: row.data,
    metadata: row.metadata,
    streamName: row.stream_name,
    revision: BigInt(row.stream_revision),
    position: { transaction: BigInt(row.transaction_id), sequence: BigInt(row.position) },
    recordedAt: new Date(row.recorded_at),
  };
}

/** A LIKE pattern matching names that start with `prefix` literally. */
export function prefixPattern(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Params for "after": the start of the log is before transaction 0. */
export function afterParams(after: GlobalPosition | undefined): [string, string] {
  return after && after.transaction >= 0n ? [after.transaction.toString(), after.sequence.toString()] : ["0", "0"];
}

import type { Migration } from '@sportskk/sql';

/**
 * `transaction_id` is the writing transaction (xid8): readers only read rows whose writer is older than every
 * transaction still open (pg_snapshot_xmin), ordered by (transaction_id, position), so a late commit of an
 * earlier `position` can never be skipped.
 */
export const eventStoreMigrations: readonly Migration[] = [
  {
    version: 1,
    description: 'streams and events with transaction-ordered global position',
    sql: `
      CREATE TABLE {schema}.streams (
        stream_name text PRIMARY KEY,
        revision    bigint NOT NULL
      );
      CREATE TABLE {schema}.events (
        position        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
        stream_name     text NOT NULL,
        stream_revision bigint NOT NULL,
        event_id        uuid NOT NULL,
        event_type      text NOT NULL,
        data            jsonb NOT NULL,
        metadata        jsonb NOT NULL,
        recorded_at     timestamptz NOT NULL DEFAULT now(),
        UNIQUE (stream_name, stream_revision)
      );
      CREATE INDEX events_global_order ON {schema}.events (transaction_id, position);
    `,
  },
];

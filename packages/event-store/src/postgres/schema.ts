import type { Migration } from '@sportskk/sql';

/**
 * Unreleased: migration 1 may still change until the first release; after that, only new versions.
 * The primary key is the global order. `transaction_id` is the writing transaction (xid8): readers only read rows whose writer is older than every
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
        position        bigint GENERATED ALWAYS AS IDENTITY,
        transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
        stream_name     text NOT NULL,
        stream_revision bigint NOT NULL,
        event_id        uuid NOT NULL,
        event_type      text NOT NULL,
        data            jsonb NOT NULL,
        metadata        jsonb NOT NULL,
        recorded_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (transaction_id, position),
        UNIQUE (stream_name, stream_revision)
      );
      -- One call appends atomically. PL/pgSQL keeps its plans per connection, so the embedded driver
      -- (no prepared statements) does not re-plan the work on every append. On a failed expectation it
      -- returns a NULL revision and the stream's current revision (NULL: no stream) as out_position.
      CREATE FUNCTION {schema}.append_events(p_stream text, p_ids uuid[], p_types text[], p_data jsonb[], p_metadata jsonb[], p_expected text)
      RETURNS TABLE (out_revision bigint, out_transaction_id text, out_position bigint)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        n constant integer := cardinality(p_ids);
        claimed bigint;
      BEGIN
        IF p_expected = 'any' THEN
          INSERT INTO {schema}.streams AS st (stream_name, revision) VALUES (p_stream, n - 1)
            ON CONFLICT (stream_name) DO UPDATE SET revision = st.revision + n RETURNING st.revision INTO claimed;
        ELSIF p_expected = 'no_stream' THEN
          INSERT INTO {schema}.streams AS st (stream_name, revision) VALUES (p_stream, n - 1)
            ON CONFLICT (stream_name) DO NOTHING RETURNING st.revision INTO claimed;
        ELSIF p_expected = 'stream_exists' THEN
          UPDATE {schema}.streams AS st SET revision = st.revision + n WHERE st.stream_name = p_stream RETURNING st.revision INTO claimed;
        ELSE
          UPDATE {schema}.streams AS st SET revision = st.revision + n
            WHERE st.stream_name = p_stream AND st.revision = p_expected::bigint RETURNING st.revision INTO claimed;
        END IF;
        IF claimed IS NULL THEN -- the expectation failed: report the current revision (NULL: no stream)
          RETURN QUERY SELECT NULL::bigint, NULL::text, (SELECT st.revision FROM {schema}.streams AS st WHERE st.stream_name = p_stream);
          RETURN;
        END IF;
        RETURN QUERY WITH appended AS (
          INSERT INTO {schema}.events AS ev (stream_name, stream_revision, event_id, event_type, data, metadata)
          SELECT p_stream, claimed - n + e.ord, e.id, e.type, e.data, e.metadata
          FROM unnest(p_ids, p_types, p_data, p_metadata) WITH ORDINALITY AS e(id, type, data, metadata, ord)
          RETURNING ev.position)
        SELECT claimed, pg_current_xact_id()::text, max(appended.position) FROM appended;
      END
      $fn$;
    `,
  },
  {
    version: 2,
    description: 'an append of events the stream already holds (same ids, same order) is a retry',
    sql: `
      -- Version 1's append stays as it is, renamed; the new append_events checks for a retry first. When the stream
      -- holds any of the ids, the append is one: holding all of them at consecutive revisions in the same order, it
      -- writes nothing and answers what the first attempt did; holding only some, it is refused as a failed
      -- expectation. Appends to one stream take a transaction lock on it first, so a retry sent while its first
      -- attempt still runs waits, and its check (a new snapshot) sees it. The check reads the stream's events
      -- through the (stream, revision) index: ticket streams are short.
      ALTER FUNCTION {schema}.append_events(text, uuid[], text[], jsonb[], jsonb[], text) RENAME TO append_new_events;
      CREATE FUNCTION {schema}.append_events(p_stream text, p_ids uuid[], p_types text[], p_data jsonb[], p_metadata jsonb[], p_expected text)
      RETURNS TABLE (out_revision bigint, out_transaction_id text, out_position bigint)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        n constant integer := cardinality(p_ids);
        held integer;
        first_held bigint;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtextextended('sportskk.append:' || p_stream, 0));
        SELECT count(*), min(ev.stream_revision) INTO held, first_held
          FROM {schema}.events AS ev WHERE ev.stream_name = p_stream AND ev.event_id = ANY (p_ids);
        IF held = 0 THEN
          RETURN QUERY SELECT * FROM {schema}.append_new_events(p_stream, p_ids, p_types, p_data, p_metadata, p_expected);
        ELSIF held = n AND NOT EXISTS (
          SELECT 1 FROM unnest(p_ids) WITH ORDINALITY AS u(id, ord)
          LEFT JOIN {schema}.events AS ev ON ev.stream_name = p_stream AND ev.stream_revision = first_held + u.ord - 1
          WHERE ev.event_id IS DISTINCT FROM u.id) THEN
          RETURN QUERY SELECT ev.stream_revision, ev.transaction_id::text, ev.position FROM {schema}.events AS ev
            WHERE ev.stream_name = p_stream AND ev.stream_revision = first_held + n - 1;
        ELSE
          RETURN QUERY SELECT NULL::bigint, NULL::text, (SELECT st.revision FROM {schema}.streams AS st WHERE st.stream_name = p_stream);
        END IF;
      END
      $fn$;
    `,
  },
];

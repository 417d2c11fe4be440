import { CHECKPOINTS_TAGGED_SQL } from '@sportskk/projection-runner';
import type { Migration } from '@sportskk/sql';

/** Versioned; never edit a released migration, add the next one. `{schema}` is the quoted schema name. */
export const TICKET_VIEW_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description:
      'ticket views (JSONB document plus columns to filter and sort) and projection checkpoints',
    sql: `
      CREATE TABLE {schema}.ticket_views (
        id text COLLATE "C" PRIMARY KEY,
        version bigint NOT NULL,
        status text NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'CANCELLED')),
        team_code text NOT NULL,
        purchased_at timestamptz NOT NULL,
        document jsonb NOT NULL,
        stored_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX ticket_views_by_purchase ON {schema}.ticket_views (purchased_at DESC, id DESC);
      CREATE INDEX ticket_views_by_status ON {schema}.ticket_views (status, purchased_at DESC, id DESC);
      CREATE INDEX ticket_views_by_team ON {schema}.ticket_views (team_code, purchased_at DESC, id DESC);
      CREATE INDEX ticket_views_by_team_and_status ON {schema}.ticket_views (team_code, status, purchased_at DESC, id DESC);
      CREATE TABLE {schema}.checkpoints (
        name text PRIMARY KEY,
        transaction numeric(20, 0) NOT NULL,
        sequence numeric(20, 0) NOT NULL,
        stored_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 2,
    description:
      'the buyer of each ticket (myTickets); the view is rebuilt from the log so every row has one',
    sql: `
      ALTER TABLE {schema}.ticket_views ADD COLUMN buyer_id text;
      CREATE INDEX ticket_views_by_buyer ON {schema}.ticket_views (buyer_id, purchased_at DESC, id DESC);
      TRUNCATE {schema}.ticket_views;
      DELETE FROM {schema}.checkpoints;
    `,
  },
  {
    version: 3,
    description:
      'version 1 purchases belong to a reserved legacy buyer, not their client-chosen actor: the view is rebuilt',
    sql: `
      TRUNCATE {schema}.ticket_views;
      DELETE FROM {schema}.checkpoints;
    `,
  },
  { version: 4, description: 'checkpoints name their event store', sql: CHECKPOINTS_TAGGED_SQL },
];

import { CHECKPOINTS_FROM_TEXT_SQL, CHECKPOINTS_TAGGED_SQL } from '@sportskk/projection-runner';
import type { Migration } from '@sportskk/sql';

/**
 * Versioned: never edit a released migration, add the next one. The CHECKs hold the invariant's edges: totals never go below zero, and a record is either counted,
 * reversed, or both (a tombstone is reversed without being counted).
 */
export const totallingMigrations: readonly Migration[] = [
  {
    version: 1,
    description: 'team totals, per-ticket totalling records, projection checkpoints',
    sql: `
      CREATE TABLE {schema}.team_totals (
        team_code    text PRIMARY KEY,
        total_credit bigint NOT NULL DEFAULT 0 CHECK (total_credit >= 0),
        ticket_count integer NOT NULL DEFAULT 0 CHECK (ticket_count >= 0)
      );
      CREATE TABLE {schema}.ticket_totalling (
        ticket_id   text PRIMARY KEY,
        team_code   text NOT NULL,
        bet_credit  bigint NOT NULL CHECK (bet_credit > 0),
        counted_at  timestamptz,
        reversed_at timestamptz,
        CHECK (counted_at IS NOT NULL OR reversed_at IS NOT NULL)
      );
      CREATE TABLE {schema}.checkpoints (
        name       text PRIMARY KEY,
        position   text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 2,
    description: 'checkpoints as numeric position parts, only forward',
    sql: CHECKPOINTS_FROM_TEXT_SQL,
  },
  { version: 3, description: 'checkpoints name their event store', sql: CHECKPOINTS_TAGGED_SQL },
];

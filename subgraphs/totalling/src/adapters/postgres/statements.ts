import { identifier } from '@sportskk/sql';
import type { TicketTotallingRecord } from '../../domain/ticket-totalling.ts';
import type { TeamTotal } from '../../ports/totalling-store.ts';

/** The SQL of one store, bound to its schema. bigint columns come back as text (pg and PGlite differ). */
export function totallingStatements(schema: string) {
  const quoted = identifier(schema);
  const record = `ticket_id, team_code, bet_credit::text AS bet_credit, counted_at, reversed_at`;
  return {
    /** In ticket order, so two transactions locking some of the same records take them in the same order. */
    lockRecords: `SELECT ${record} FROM ${quoted}.ticket_totalling WHERE ticket_id = ANY ($1::text[]) ORDER BY ticket_id FOR UPDATE`,
    /** Many records, from arrays, in ticket order; returns a row for each it inserted (none for one a concurrent transaction inserted first). */
    insertRecords: `INSERT INTO ${quoted}.ticket_totalling (ticket_id, team_code, bet_credit, counted_at, reversed_at)
      SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::timestamptz[], $5::timestamptz[]) ORDER BY 1
      ON CONFLICT (ticket_id) DO NOTHING RETURNING ticket_id`,
    /**
     * One record as insertRecords does, and then, when it inserted, addToTotals ($6: team, $7: credit, $8: tickets; none when 0). Also
     * the ticket's record as it was when the statement began (none when it inserted one, or another transaction
     * inserted it meanwhile).
     */
    insertFirstRecord: `WITH inserted AS (
        INSERT INTO ${quoted}.ticket_totalling (ticket_id, team_code, bet_credit, counted_at, reversed_at)
        VALUES ($1, $2, $3::bigint, $4::timestamptz, $5::timestamptz) ON CONFLICT (ticket_id) DO NOTHING RETURNING ticket_id
      ), added AS (
        INSERT INTO ${quoted}.team_totals AS t (team_code, total_credit, ticket_count)
        SELECT $6, $7::bigint, $8::integer FROM inserted WHERE $8::integer > 0
        ON CONFLICT (team_code) DO UPDATE SET total_credit = t.total_credit + EXCLUDED.total_credit, ticket_count = t.ticket_count + EXCLUDED.ticket_count
      )
      SELECT (SELECT count(*) FROM inserted)::integer AS inserted, r.ticket_id, r.team_code, r.bet_credit::text AS bet_credit,
        r.counted_at, r.reversed_at
      FROM (SELECT 1) AS one LEFT JOIN ${quoted}.ticket_totalling r ON r.ticket_id = $1`,
    markReversed: `UPDATE ${quoted}.ticket_totalling AS r SET reversed_at = v.reversed_at
      FROM unnest($1::text[], $2::timestamptz[]) AS v (ticket_id, reversed_at)
      WHERE r.ticket_id = v.ticket_id AND r.counted_at IS NOT NULL AND r.reversed_at IS NULL RETURNING r.ticket_id`,
    /** A CHECK is tested on the row proposed for insertion, so only additions go through the upsert. */
    addToTotals: `INSERT INTO ${quoted}.team_totals AS t (team_code, total_credit, ticket_count) VALUES ($1, $2::bigint, $3::integer)
      ON CONFLICT (team_code) DO UPDATE SET total_credit = t.total_credit + EXCLUDED.total_credit, ticket_count = t.ticket_count + EXCLUDED.ticket_count`,
    /** Subtractions hit the row the matching addition created. */
    subtractFromTotals: `UPDATE ${quoted}.team_totals SET total_credit = total_credit - $2::bigint, ticket_count = ticket_count - $3::integer
      WHERE team_code = $1 RETURNING team_code`,
    records: `SELECT ${record} FROM ${quoted}.ticket_totalling WHERE ticket_id = ANY ($1::text[])`,
    teamTotals: `SELECT team_code, total_credit::text AS total_credit, ticket_count FROM ${quoted}.team_totals WHERE team_code = ANY ($1::text[])`,
  };
}

export interface RecordRow {
  ticket_id: string;
  team_code: string;
  bet_credit: string;
  counted_at: Date | string | null;
  reversed_at: Date | string | null;
}

export interface TeamTotalRow {
  team_code: string;
  total_credit: string;
  ticket_count: number;
}

const toDate = (value: Date | string | null) => (value === null ? null : new Date(value));

export function toRecord(row: RecordRow): TicketTotallingRecord {
  return {
    ticketId: row.ticket_id,
    teamCode: row.team_code,
    betCredit: Number(row.bet_credit),
    countedAt: toDate(row.counted_at),
    reversedAt: toDate(row.reversed_at),
  };
}

export function toTeamTotal(row: TeamTotalRow): TeamTotal {
  return {
    teamCode: row.team_code,
    totalCredit: Number(row.total_credit),
    ticketCount: Number(row.ticket_count),
  };
}

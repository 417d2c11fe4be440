import type { EventStoreKind } from '@sportskk/event-store';
import { sqlCheckpoints } from '@sportskk/projection-runner';
import { migrate, type SqlClient, type SqlQueryable } from '@sportskk/sql';
import type { TicketTotallingRecord } from '../../domain/ticket-totalling.ts';
import type { TotallingStore, TotallingTransaction } from '../../ports/totalling-store.ts';
import { totallingMigrations } from './migrations.ts';
import {
  toRecord,
  toTeamTotal,
  totallingStatements,
  type RecordRow,
  type TeamTotalRow,
} from './statements.ts';

export interface TotallingStoreOptions {
  /** Defaults to `totalling`. */
  readonly schema?: string;
  /** The kind of event store the projection reads: its checkpoints are positions there. */
  readonly eventStore: EventStoreKind;
}

const iso = (date: Date | null) => date?.toISOString() ?? null;
const recordValues = (record: TicketTotallingRecord) => [
  record.ticketId,
  record.teamCode,
  record.betCredit,
  iso(record.countedAt),
  iso(record.reversedAt),
];

/**
 * The totalling store on PostgreSQL (a pg pool or embedded PGlite, through SqlClient); runs its migrations.
 * Only loads and stores: the use case decides. Default READ COMMITTED is assumed: a record locked FOR UPDATE
 * is the one the transaction writes, and an insert that meets a concurrent one waits for it and does nothing.
 */
export async function createTotallingStore(
  sql: SqlClient,
  options: TotallingStoreOptions,
): Promise<TotallingStore> {
  const schema = options.schema ?? 'totalling';
  const statements = totallingStatements(schema);
  const checkpoints = sqlCheckpoints(schema, options.eventStore);
  await migrate(sql, schema, totallingMigrations);
  const named = (name: string) => `totalling:${schema}:${name}`;

  const channel = `${schema}_totals_changed`;
  const transactionOf = (tx: SqlQueryable, changed: () => void): TotallingTransaction => ({
    async lockRecords(ticketIds) {
      const rows = await tx.query<RecordRow>(
        statements.lockRecords,
        [ticketIds],
        named('lockRecords'),
      );
      return new Map(rows.map((row) => [row.ticket_id, toRecord(row)]));
    },
    async insertRecords(records) {
      if (records.length === 0) return 0;
      const rows = records.map(recordValues);
      const columns = rows[0]!.map((_, column) => rows.map((row) => row[column]));
      return (await tx.query(statements.insertRecords, columns, named('insertRecords'))).length;
    },
    async markReversed(records) {
      if (records.length === 0) return 0;
      const values = [records.map((r) => r.ticketId), records.map((r) => iso(r.reversedAt))];
      return (await tx.query(statements.markReversed, values, named('markReversed'))).length;
    },
    async changeTotals({ teamCode, credit, tickets }) {
      changed();
      if (tickets > 0)
        return (
          await tx.query(statements.addToTotals, [teamCode, credit, tickets], named('addToTotals')),
          true
        );
      return (
        (
          await tx.query(
            statements.subtractFromTotals,
            [teamCode, -credit, -tickets],
            named('subtractFromTotals'),
          )
        ).length === 1
      );
    },
    saveCheckpoint: (name, position) => checkpoints.save(tx, name, position),
  });

  return {
    async transaction(work) {
      let changed = false;
      const result = await sql.transaction((tx) => work(transactionOf(tx, () => (changed = true))));
      // After the commit; a crash before it leaves listeners to their next wake-up (they also poll).
      if (changed) await sql.notify(channel).catch(() => undefined);
      return result;
    },
    async insertFirstRecord(record, addition) {
      if (addition && addition.tickets < 0)
        throw new Error('A first record never takes from the totals');
      const [row] = await sql.query<Partial<RecordRow> & { inserted: number }>(
        statements.insertFirstRecord,
        [
          ...recordValues(record),
          addition?.teamCode ?? record.teamCode,
          addition?.credit ?? 0,
          addition?.tickets ?? 0,
        ],
        named('insertFirstRecord'),
      );
      const inserted = row!.inserted === 1;
      if (inserted && addition) await sql.notify(channel).catch(() => undefined);
      const existing = row!.ticket_id == null ? undefined : toRecord(row as RecordRow);
      return { inserted, existing };
    },
    onTotalsChanged: (listener) => sql.listen(channel, listener),
    async ticketRecords(ticketIds) {
      if (ticketIds.length === 0) return new Map();
      const rows = await sql.query<RecordRow>(
        statements.records,
        [[...new Set(ticketIds)]],
        named('records'),
      );
      return new Map(rows.map((row) => [row.ticket_id, toRecord(row)]));
    },
    async teamTotals(teamCodes) {
      const rows = await sql.query<TeamTotalRow>(
        statements.teamTotals,
        [[...teamCodes]],
        named('teamTotals'),
      );
      const found = new Map(rows.map((row) => [row.team_code, toTeamTotal(row)]));
      return teamCodes.map(
        (teamCode) => found.get(teamCode) ?? { teamCode, totalCredit: 0, ticketCount: 0 },
      );
    },
    loadCheckpoint: (name) => checkpoints.load(sql, name),
    saveCheckpoint: (name, position) => checkpoints.save(sql, name, position),
    ping: async () => void (await sql.query('SELECT 1', [], named('ping'))),
  };
}

import { migrate, type SqlClient, type SqlQueryable } from '@sportskk/sql';
import { decide, statusOf, type TicketToTotal, type TotallingDecision, type TotallingOperation } from '../../domain/ticket-totalling.ts';
import type { Checkpoint, TotallingStore } from '../../ports/totalling-store.ts';
import { totallingMigrations } from './migrations.ts';
import { totallingStatements, toRecord, toTeamTotal, type RecordRow, type TeamTotalRow } from './statements.ts';

export interface TotallingStoreOptions {
  /** Defaults to `totalling`. */
  readonly schema?: string;
}

/**
 * The totalling store on PostgreSQL (a pg pool or embedded PGlite, through SqlClient). Runs the migrations.
 *
 * Each write locks the ticket's record (SELECT ... FOR UPDATE), lets the domain decide, then writes the
 * record and the team's totals in the same transaction. When there is no record to lock, the insert is
 * conditional (ON CONFLICT DO NOTHING): if a concurrent transaction inserted the ticket first, the insert
 * waits for it, does nothing, and the decision is taken again on the now locked record. Default READ
 * COMMITTED isolation is assumed: each statement sees what committed before it.
 */
export async function createTotallingStore(sql: SqlClient, options: TotallingStoreOptions = {}): Promise<TotallingStore> {
  const schema = options.schema ?? 'totalling';
  const statements = totallingStatements(schema);
  await migrate(sql, schema, totallingMigrations);
  const named = (name: string) => `totalling:${schema}:${name}`;

  const saveCheckpointIn = async (tx: SqlQueryable, checkpoint: Checkpoint) =>
    void (await tx.query(statements.saveCheckpoint, [checkpoint.name, checkpoint.position]));

  const applyIn = async (tx: SqlQueryable, operation: TotallingOperation, ticket: TicketToTotal, at: Date): Promise<TotallingDecision> => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const [row] = await tx.query<RecordRow>(statements.lockRecord, [ticket.ticketId]);
      const decision = decide(operation, row ? toRecord(row) : undefined, ticket, at);
      if (decision.write === 'insert') {
        const { record } = decision;
        const inserted = await tx.query(statements.insertRecord, [
          record.ticketId, record.teamCode, record.betCredit, record.countedAt?.toISOString() ?? null, record.reversedAt?.toISOString() ?? null,
        ]);
        if (inserted.length === 0) continue; // someone else inserted it first: decide again on their record
      } else if (decision.write === 'mark-reversed') {
        const updated = await tx.query(statements.markReversed, [ticket.ticketId, at.toISOString()]);
        if (updated.length !== 1) throw new Error(`Ticket ${ticket.ticketId} changed under its lock`);
      }
      const change = decision.totalsChange;
      if (change && change.tickets > 0) await tx.query(statements.addToTotals, [change.teamCode, change.credit, change.tickets]);
      if (change && change.tickets < 0) {
        const updated = await tx.query(statements.subtractFromTotals, [change.teamCode, -change.credit, -change.tickets]);
        if (updated.length !== 1) throw new Error(`No totals of team ${change.teamCode} to take ticket ${ticket.ticketId} out of`);
      }
      return decision;
    }
    throw new Error(`Could not ${operation} ticket ${ticket.ticketId}: its record kept changing`);
  };

  const apply: TotallingStore['apply'] = (operation, ticket, at, checkpoint) =>
    sql.transaction(async (tx) => {
      const decision = await applyIn(tx, operation, ticket, at);
      if (checkpoint) await saveCheckpointIn(tx, checkpoint);
      return decision;
    });

  const ticketRecords: TotallingStore['ticketRecords'] = async (ticketIds) => {
    if (ticketIds.length === 0) return new Map();
    const rows = await sql.query<RecordRow>(statements.records, [[...new Set(ticketIds)]], named('records'));
    return new Map(rows.map((row) => [row.ticket_id, statusOf(toRecord(row))]));
  };

  return {
    apply,
    count: (ticket, at) => apply('count', ticket, at),
    reverse: (ticket, at) => apply('reverse', ticket, at),
    saveCheckpoint: (checkpoint) => saveCheckpointIn(sql, checkpoint),
    async loadCheckpoint(name) {
      const [row] = await sql.query<{ position: string }>(statements.loadCheckpoint, [name], named('loadCheckpoint'));
      return row?.position;
    },
    ticketRecords,
    ticketRecord: async (ticketId) => (await ticketRecords([ticketId])).get(ticketId),
    async teamTotals(teamCodes) {
      const rows = await sql.query<TeamTotalRow>(statements.teamTotals, [[...teamCodes]], named('teamTotals'));
      const found = new Map(rows.map((row) => [row.team_code, toTeamTotal(row)]));
      return teamCodes.map((teamCode) => found.get(teamCode) ?? { teamCode, totalCredit: 0, ticketCount: 0 });
    },
    ping: async () => void (await sql.query('SELECT 1', [], named('ping'))),
  };
}

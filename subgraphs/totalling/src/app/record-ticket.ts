import type { TicketToTotal, TotallingOperation } from '@sportskk/contracts';
import type { GlobalPosition } from '@sportskk/event-store';
import {
  decide,
  type TicketTotallingRecord,
  type TotallingDecision,
  type TotalsChange,
} from '../domain/ticket-totalling.ts';
import type { TotallingStore, TotallingTransaction } from '../ports/totalling-store.ts';

export interface Checkpoint {
  readonly name: string;
  readonly position: GlobalPosition;
}

/** One ticket to count or reverse. */
export interface TicketToRecord {
  readonly operation: TotallingOperation;
  readonly ticket: TicketToTotal;
}

const MAX_ATTEMPTS = 3;

/**
 * Counts or reverses one ticket. A ticket totalling has not seen yet (the usual case: the sync call right after a
 * purchase) takes one statement; so does one whose record asks for no write (e.g. the totals projection counted
 * it first); the rest take a transaction (see recordTickets).
 */
export async function recordTicket(
  store: TotallingStore,
  operation: TotallingOperation,
  ticket: TicketToTotal,
  at: Date,
): Promise<TotallingDecision> {
  const first = decide(operation, undefined, ticket, at);
  const { inserted, existing } = await store.insertFirstRecord(first.record, first.totalsChange);
  if (inserted) return first;
  if (existing) {
    const decision = decide(operation, existing, ticket, at);
    if (decision.write === 'none') return decision;
  }
  const [decision] = await recordTickets(store, [{ operation, ticket }], at);
  return decision!;
}

/**
 * Counts or reverses tickets, in order, in one transaction: lock their records (one statement), let the domain
 * decide each, write the records, then the team totals (team by team, so two transactions never wait on each
 * other's totals and records at once), and the checkpoint when a projection asks. A concurrent first insert of the
 * same ticket makes the insert do nothing; then that ticket is decided again on the record it made.
 */
export function recordTickets(
  store: TotallingStore,
  tickets: readonly TicketToRecord[],
  at: Date,
  checkpoint?: Checkpoint,
): Promise<TotallingDecision[]> {
  return store.transaction(async (tx) => {
    const records = await tx.lockRecords([
      ...new Set(tickets.map(({ ticket }) => ticket.ticketId)),
    ]);
    const decisions: TotallingDecision[] = [];
    for (const { operation, ticket } of tickets) {
      const decision = await decideAndWrite(tx, operation, ticket, at, records);
      records.set(ticket.ticketId, decision.record);
      decisions.push(decision);
    }
    const changes = decisions
      .map((decision) => decision.totalsChange)
      .filter((change): change is TotalsChange => change !== undefined)
      .sort((a, b) => (a.teamCode < b.teamCode ? -1 : a.teamCode > b.teamCode ? 1 : 0));
    for (const change of changes)
      if (!(await tx.changeTotals(change)))
        throw new Error(`No totals of team ${change.teamCode} to take a ticket out of`);
    if (checkpoint) await tx.saveCheckpoint(checkpoint.name, checkpoint.position);
    return decisions;
  });
}

async function decideAndWrite(
  tx: TotallingTransaction,
  operation: TotallingOperation,
  ticket: TicketToTotal,
  at: Date,
  locked: ReadonlyMap<string, TicketTotallingRecord>,
): Promise<TotallingDecision> {
  let existing = locked.get(ticket.ticketId);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const decision = decide(operation, existing, ticket, at);
    if (decision.write === 'insert' && !(await tx.insertRecord(decision.record))) {
      existing = (await tx.lockRecords([ticket.ticketId])).get(ticket.ticketId);
      continue;
    }
    if (decision.write === 'mark-reversed' && !(await tx.markReversed(ticket.ticketId, at))) {
      throw new Error(`Ticket ${ticket.ticketId} changed under its lock`);
    }
    return decision;
  }
  throw new Error(`Could not ${operation} ticket ${ticket.ticketId}: its record kept changing`);
}

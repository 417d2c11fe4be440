import type { TicketToTotal, TotallingOperation } from '@sportskk/contracts';
import type { GlobalPosition } from '@sportskk/event-store';
import { decide, type TotallingDecision } from '../domain/ticket-totalling.ts';
import type { TotallingStore, TotallingTransaction } from '../ports/totalling-store.ts';

export interface Checkpoint {
  readonly name: string;
  readonly position: GlobalPosition;
}

const MAX_ATTEMPTS = 3;

/**
 * Counts or reverses one ticket in one transaction: lock its record, let the domain decide, write the record and
 * the team's totals, and the checkpoint when a projection asks. A concurrent first insert of the same ticket
 * makes the insert do nothing; then the decision is taken again on the record it made.
 */
export function recordTicket(
  store: TotallingStore,
  operation: TotallingOperation,
  ticket: TicketToTotal,
  at: Date,
  checkpoint?: Checkpoint,
): Promise<TotallingDecision> {
  return store.transaction(async (tx) => {
    const decision = await decideAndWrite(tx, operation, ticket, at);
    if (checkpoint) await tx.saveCheckpoint(checkpoint.name, checkpoint.position);
    return decision;
  });
}

async function decideAndWrite(
  tx: TotallingTransaction,
  operation: TotallingOperation,
  ticket: TicketToTotal,
  at: Date,
) {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const decision = decide(operation, await tx.lockRecord(ticket.ticketId), ticket, at);
    if (decision.write === 'insert' && !(await tx.insertRecord(decision.record))) continue;
    if (decision.write === 'mark-reversed' && !(await tx.markReversed(ticket.ticketId, at))) {
      throw new Error(`Ticket ${ticket.ticketId} changed under its lock`);
    }
    if (decision.totalsChange && !(await tx.changeTotals(decision.totalsChange))) {
      throw new Error(
        `No totals of team ${decision.totalsChange.teamCode} to take ticket ${ticket.ticketId} out of`,
      );
    }
    return decision;
  }
  throw new Error(`Could not ${operation} ticket ${ticket.ticketId}: its record kept changing`);
}

import type { TicketToTotal, TicketTotallingStatus, TotallingDecision, TotallingOperation } from '../domain/ticket-totalling.ts';

export interface TeamTotal {
  readonly teamCode: string;
  /** Sum of the stakes of the team's counted, not reversed tickets. */
  readonly totalCredit: number;
  readonly ticketCount: number;
}

/** A projection's position, stored with the writes it covers. */
export interface Checkpoint {
  readonly name: string;
  /** formatPosition(event.position) */
  readonly position: string;
}

/**
 * Totalling's storage. Every write runs in one transaction and is idempotent by ticket id, so totals equal
 * the stakes of counted, not reversed tickets per team under concurrent and repeated calls.
 */
export interface TotallingStore {
  /** Counts or reverses one ticket; with `checkpoint`, stores it in the same transaction. */
  apply(operation: TotallingOperation, ticket: TicketToTotal, at: Date, checkpoint?: Checkpoint): Promise<TotallingDecision>;
  count(ticket: TicketToTotal, at: Date): Promise<TotallingDecision>;
  reverse(ticket: TicketToTotal, at: Date): Promise<TotallingDecision>;
  /** Moves a checkpoint past an event that changes nothing. */
  saveCheckpoint(checkpoint: Checkpoint): Promise<void>;
  loadCheckpoint(name: string): Promise<string | undefined>;
  /** Undefined when totalling has never seen the ticket. */
  ticketRecord(ticketId: string): Promise<TicketTotallingStatus | undefined>;
  /** The records found, by ticket id (one query for many tickets). */
  ticketRecords(ticketIds: readonly string[]): Promise<ReadonlyMap<string, TicketTotallingStatus>>;
  /** One total per team code, in the given order; zeros for a team without counted tickets. */
  teamTotals(teamCodes: readonly string[]): Promise<TeamTotal[]>;
  /** Resolves when the database answers. */
  ping(): Promise<void>;
}

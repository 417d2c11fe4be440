import type { GlobalPosition } from '@sportskk/event-store';
import type { TicketTotallingRecord, TotalsChange } from '../domain/ticket-totalling.ts';

export interface TeamTotal {
  readonly teamCode: string;
  /** Sum of the stakes of the team's counted, not reversed tickets. */
  readonly totalCredit: number;
  readonly ticketCount: number;
}

/** A change to one team's totals by any number of tickets, all added or all taken out. */
export interface TotalsDelta {
  readonly teamCode: string;
  readonly credit: number;
  readonly tickets: number;
}

/** What one transaction can load and store; the use case decides in between. */
export interface TotallingTransaction {
  /** The records there are of these tickets, by ticket id, each locked until the transaction ends. */
  lockRecords(ticketIds: readonly string[]): Promise<Map<string, TicketTotallingRecord>>;
  /** Inserts new records; how many: fewer when a concurrent transaction inserted some of them first. */
  insertRecords(records: readonly TicketTotallingRecord[]): Promise<number>;
  /** Sets reversedAt on locked, counted records, as each given record has it; how many there were. */
  markReversed(records: readonly TicketTotallingRecord[]): Promise<number>;
  /** Adds to (tickets > 0) or takes from one team's totals; false when there was nothing to take from. */
  changeTotals(change: TotalsDelta): Promise<boolean>;
  /** Only forward, like every checkpoint. */
  saveCheckpoint(name: string, position: GlobalPosition): Promise<void>;
}

/** Totalling's storage: per-ticket records, per-team totals, and the totals projection's checkpoint. */
export interface TotallingStore {
  /** Runs `work` in one transaction: all its writes commit together, or none does; then announces changed totals. */
  transaction<T>(work: (tx: TotallingTransaction) => Promise<T>): Promise<T>;
  /**
   * A ticket's first record and the addition to its team's totals it makes (or none), written together in one
   * statement, without a transaction; when the ticket has a record already, nothing is written and `existing` is
   * that record as it was a moment ago (undefined when another transaction was inserting it). A first record never
   * takes from the totals: a subtraction is refused.
   */
  insertFirstRecord(
    record: TicketTotallingRecord,
    addition: TotalsChange | undefined,
  ): Promise<{ readonly inserted: boolean; readonly existing: TicketTotallingRecord | undefined }>;
  /** The records found, by ticket id (one query for many tickets). */
  ticketRecords(ticketIds: readonly string[]): Promise<ReadonlyMap<string, TicketTotallingRecord>>;
  /** One total per team code, in the given order; zeros for a team without counted tickets. */
  teamTotals(teamCodes: readonly string[]): Promise<TeamTotal[]>;
  loadCheckpoint(name: string): Promise<GlobalPosition | undefined>;
  /** Moves a checkpoint past events that change nothing. */
  saveCheckpoint(name: string, position: GlobalPosition): Promise<void>;
  /**
   * Calls `listener` after a transaction that changed team totals commits, in any process on this database (and
   * after a lost listening connection comes back, when some may have gone unheard). Returns how to stop.
   */
  onTotalsChanged(listener: () => void): Promise<() => Promise<void>>;
  /** Resolves when the database answers. */
  ping(): Promise<void>;
}

import type { GlobalPosition } from '@sportskk/event-store';
import type { TicketListPage, TicketListQuery } from '../domain/ticket-list.ts';
import type { TicketViewDocument } from '../domain/ticket-view.ts';

/** What one unit of work can load and store; the use case folds in between. */
export interface TicketViewTransaction {
  /** The ticket's document, or null; where the store has transactions, locked until the unit ends. */
  load(ticketId: string): Promise<TicketViewDocument | null>;
  /** The stored documents of these tickets (those it has), locked as `load` locks. */
  loadMany(ticketIds: readonly string[]): Promise<Map<string, TicketViewDocument>>;
  /** Stores `document` unless a version at or above its own is stored; true when it was written. */
  write(document: TicketViewDocument): Promise<boolean>;
  /** `write` for documents of distinct tickets, at once (one statement where the store allows). */
  writeMany(documents: readonly TicketViewDocument[]): Promise<void>;
  /** Only forward: a position at or before the stored one is ignored. */
  saveCheckpoint(name: string, position: GlobalPosition): Promise<void>;
}

/** The center's read model of tickets. Adapters: PostgreSQL (JSONB) and MongoDB; one contract suite for both. */
export interface TicketViewStore {
  /**
   * Runs `work` as one unit: in one transaction on PostgreSQL; on MongoDB (no multi-document transactions) each
   * write happens as it is made, in order, so writes must be conditional and the checkpoint written last.
   */
  unitOfWork<T>(work: (tx: TicketViewTransaction) => Promise<T>): Promise<T>;
  /** The ticket's document; undefined when the view has none. */
  get(ticketId: string): Promise<TicketViewDocument | undefined>;
  /** One page in the list order (newest purchase first, then id descending), with the filter's total count. */
  list(query: TicketListQuery): Promise<TicketListPage>;
  /** The last position stored under `name`; undefined when none. */
  loadCheckpoint(name: string): Promise<GlobalPosition | undefined>;
  /** Resolves when the store answers (readiness). */
  ping(): Promise<void>;
}

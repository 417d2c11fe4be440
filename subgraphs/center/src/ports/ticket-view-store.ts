import type { GlobalPosition, RecordedEvent } from '@sportskk/event-store';
import type { TicketListPage, TicketListQuery } from '../domain/ticket-list.ts';
import type { TicketViewDocument } from '../domain/ticket-view.ts';

/** What an apply did: `applied` is false when the event changed nothing (replay, duplicate, older or foreign event). */
export type TicketViewApplyResult =
  | { readonly applied: false }
  | { readonly applied: true; readonly previous: TicketViewDocument | null; readonly document: TicketViewDocument };

export interface ApplyOptions {
  /** Also advance this checkpoint to the event's position (atomically with the write where the store can). */
  readonly checkpoint?: string;
}

/** The center's read model of tickets. Adapters: PostgreSQL (JSONB) and MongoDB; one contract suite for both. */
export interface TicketViewStore {
  /**
   * Folds `event` into its ticket's document (domain `evolve`) and stores the result only if its version is
   * above the stored one, so replays, duplicates and older events change nothing. Events that are not
   * well-formed ticket events change no document but still advance the checkpoint.
   */
  apply(event: RecordedEvent, options?: ApplyOptions): Promise<TicketViewApplyResult>;
  /** The ticket's document; undefined when the view has none. */
  get(ticketId: string): Promise<TicketViewDocument | undefined>;
  /** One page in the list order (newest purchase first, then id descending), with the filter's total count. */
  list(query: TicketListQuery): Promise<TicketListPage>;
  /** The last position stored under `name`; undefined when none. */
  loadCheckpoint(name: string): Promise<GlobalPosition | undefined>;
  /** Checkpoints only move forward: a position at or before the stored one is ignored. */
  saveCheckpoint(name: string, position: GlobalPosition): Promise<void>;
  /** Resolves when the store answers (readiness). */
  ping(): Promise<void>;
}

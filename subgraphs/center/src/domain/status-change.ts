import type { LoggedEvent } from './ticket-event.ts';
import { evolve, type TicketViewDocument, type TicketViewStatus } from './ticket-view.ts';

/** A ticket's status moved: PENDING on purchase, then APPROVED or CANCELLED. */
export interface TicketStatusChange {
  readonly ticketId: string;
  readonly teamCode: string;
  readonly betCredit: number;
  /** Null for the purchase. */
  readonly previousStatus: TicketViewStatus | null;
  readonly status: TicketViewStatus;
  /** When it happened (ISO-8601 UTC), as the ticket's history shows it. */
  readonly at: string;
  readonly correlationId: string;
  /** The event's revision in the ticket's stream. */
  readonly version: number;
}

/** Which changes a watcher wants; every field given must match. */
export interface StatusChangeFilter {
  readonly ticketId?: string | null;
  readonly teamCode?: string | null;
  readonly status?: TicketViewStatus | null;
}

/** The ticket as every event of `stream` before `revision` leaves it (null: not bought yet). */
export function ticketBefore(
  stream: readonly LoggedEvent[],
  revision: bigint,
): TicketViewDocument | null {
  let before: TicketViewDocument | null = null;
  for (const earlier of stream) if (earlier.revision < revision) before = evolve(before, earlier);
  return before;
}

/** What `event` does to the ticket as it was before it (`before`): the ticket after it, and the status change. */
export function statusChangeAfter(
  before: TicketViewDocument | null,
  event: LoggedEvent,
): { readonly after: TicketViewDocument | null; readonly change: TicketStatusChange | undefined } {
  const after = evolve(before, event);
  if (!after || after === before || after.status === before?.status)
    return { after, change: undefined };
  const entry = after.history.at(-1)!;
  return {
    after,
    change: {
      ticketId: after.id,
      teamCode: after.teamCode,
      betCredit: after.betCredit,
      previousStatus: before?.status ?? null,
      status: after.status,
      at: entry.at,
      correlationId: entry.correlationId,
      version: after.version,
    },
  };
}

export function matchesStatusFilter(
  change: TicketStatusChange,
  filter: StatusChangeFilter,
): boolean {
  return (
    (filter.ticketId == null || filter.ticketId === change.ticketId) &&
    (filter.teamCode == null || filter.teamCode === change.teamCode) &&
    (filter.status == null || filter.status === change.status)
  );
}

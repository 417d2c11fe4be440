import type { TicketStatus } from '@sportskk/contracts';
import type { RecordedEvent } from '@sportskk/event-store';

/** What the approval process manager asks of ticketing. */
export interface Ticketing {
  /**
   * Asks ticketing to approve the purchased ticket if totalling has counted it (idempotent), and answers its status:
   * PENDING while totalling has not counted it. Rejects when ticketing, or totalling behind it, cannot answer now;
   * rejects with `TicketNotFound` when ticketing has no such ticket.
   */
  approveIfCounted(
    ticketId: string,
    purchase: RecordedEvent,
    signal: AbortSignal,
  ): Promise<TicketStatus>;
}

export class TicketNotFound extends Error {
  override readonly name = 'TicketNotFound';
}

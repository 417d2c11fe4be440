import type { TicketToTotal } from '@sportskk/contracts';

/** Totalling as ticketing needs it: count or reverse one ticket, idempotent by ticket id. */
export interface TotallingService {
  /** Resolves once totalling has counted the ticket; rejects when it could not be reached in time or refused. */
  count(ticket: TicketToTotal, correlationId: string): Promise<void>;
  /** Resolves once the ticket is out of its team's totals (or kept out, if it was never counted). */
  reverse(ticket: TicketToTotal, correlationId: string): Promise<void>;
  /** Whether the ticket is in its team's totals now; rejects when totalling cannot be asked. */
  isCounted(ticketId: string, correlationId: string): Promise<boolean>;
}

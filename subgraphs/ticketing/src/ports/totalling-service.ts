/** Totalling as ticketing needs it: count or reverse one ticket, idempotent by ticket id. */
export interface TicketToTotal {
  readonly ticketId: string;
  readonly teamCode: string;
  readonly betCredit: number;
}

export interface TotallingService {
  /** Resolves once totalling has counted the ticket; rejects when it could not be reached in time. */
  count(ticket: TicketToTotal, correlationId: string): Promise<void>;
  reverse(ticket: TicketToTotal, correlationId: string): Promise<void>;
}

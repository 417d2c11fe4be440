import type { TicketOnRecord } from '@sportskk/contracts';

/** The event log, as totalling checks a sync call against it: it counts only what was really bought. */
export interface TicketLog {
  /** Undefined when the log holds no purchase of this ticket. */
  ticketOf(ticketId: string): Promise<TicketOnRecord | undefined>;
}

import type { TicketStatus } from '@sportskk/contracts';
import type { RecordedEvent } from '@sportskk/event-store';

/** What the approval process manager asks of the rest of the system. */
export interface ApprovalPorts {
  /** The ticket's status as its stream says now; undefined when there is no ticket. */
  readonly ticketStatus: (ticketId: string) => Promise<TicketStatus | undefined>;
  /** Whether totalling has the ticket in its team's totals; rejects when totalling cannot be asked. */
  readonly isCounted: (ticketId: string) => Promise<boolean>;
  /** Asks ticketing to approve the ticket if it is still pending (idempotent); `purchase` is the cause. */
  readonly approve: (ticketId: string, purchase: RecordedEvent) => Promise<void>;
}

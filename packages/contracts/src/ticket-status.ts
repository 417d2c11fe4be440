import type { TicketEventType } from './ticket-events.ts';

/** Where a ticket stands, as every subgraph's `TicketStatus` enum says. */
export type TicketStatus = 'PENDING' | 'APPROVED' | 'CANCELLED';

/**
 * The life of a ticket: a purchase makes it PENDING, an approval moves PENDING to APPROVED, a cancellation moves
 * PENDING or APPROVED to CANCELLED. An event that does not fit leaves the status as it is (undefined: no ticket).
 */
export function statusAfter(
  status: TicketStatus | undefined,
  eventType: TicketEventType,
): TicketStatus | undefined {
  switch (eventType) {
    case 'TicketPurchased':
      return status ?? 'PENDING';
    case 'TicketApproved':
      return status === 'PENDING' ? 'APPROVED' : status;
    case 'TicketCancelled':
      return status === 'PENDING' || status === 'APPROVED' ? 'CANCELLED' : status;
    default: {
      const unexpected: never = eventType;
      return unexpected;
    }
  }
}

/** Where a ticket stands, as every subgraph's `TicketStatus` enum says. */
export type TicketStatus = 'PENDING' | 'APPROVED' | 'CANCELLED';

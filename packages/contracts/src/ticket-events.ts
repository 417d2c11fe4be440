/**
 * The events of a ticket, stored in stream `ticket-<id>`, read by every other service. Stored type names never
 * change. A payload changes only with a new schema version and an upcaster (see ticket-event-reader.ts).
 */
export const TICKET_STREAM_PREFIX = 'ticket-';

export function ticketStream(ticketId: string): string {
  return `${TICKET_STREAM_PREFIX}${ticketId}`;
}

/**
 * The payload version writers stamp into `metadata.schemaVersion`; an event without one is version 1.
 * 2: TicketPurchased names its buyer (`buyerId`); a version 1 purchase is read with the actor of its metadata.
 */
export const TICKET_EVENT_SCHEMA_VERSION = 2;

export type TicketPurchased = {
  readonly type: 'TicketPurchased';
  readonly data: {
    readonly ticketId: string;
    /** Who bought it: the subject of their verified identity. */
    readonly buyerId: string;
    readonly teamCode: string;
    readonly betCredit: number;
    readonly purchasedAt: string;
    readonly idempotencyKey?: string;
  };
};

/** Totalling has counted the ticket. */
export type TicketApproved = {
  readonly type: 'TicketApproved';
  readonly data: { readonly ticketId: string; readonly approvedAt: string };
};

/** Carries team and stake so totalling can reverse the ticket from this event alone. */
export type TicketCancelled = {
  readonly type: 'TicketCancelled';
  readonly data: {
    readonly ticketId: string;
    readonly teamCode: string;
    readonly betCredit: number;
    readonly cancelledAt: string;
  };
};

export type TicketEvent = TicketPurchased | TicketApproved | TicketCancelled;
export type TicketEventType = TicketEvent['type'];

export const TICKET_EVENT_TYPES: readonly TicketEventType[] = [
  'TicketPurchased',
  'TicketApproved',
  'TicketCancelled',
];

export function isTicketEventType(type: string): type is TicketEventType {
  return (TICKET_EVENT_TYPES as readonly string[]).includes(type);
}

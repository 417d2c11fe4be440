import type { TicketEvent } from '@sportskk/contracts';

interface Purchased {
  readonly id: string;
  readonly buyerId: string;
  readonly teamCode: string;
  readonly betCredit: number;
  readonly purchasedAt: string;
  readonly idempotencyKey: string | undefined;
}

/** A ticket's state, keyed by status, so an impossible combination cannot be written. */
export type Ticket =
  | { readonly status: 'NONE' }
  | (Purchased & { readonly status: 'PENDING' })
  | (Purchased & { readonly status: 'APPROVED'; readonly approvedAt: string })
  | (Purchased & {
      readonly status: 'CANCELLED';
      readonly approvedAt: string | undefined;
      readonly cancelledAt: string;
    });

export type ExistingTicket = Exclude<Ticket, { status: 'NONE' }>;

export const NO_TICKET: Ticket = { status: 'NONE' };

/** Folds one event into the state; never throws: an event that does not fit leaves the state as it is. */
export function evolve(state: Ticket, event: TicketEvent): Ticket {
  switch (event.type) {
    case 'TicketPurchased': {
      if (state.status !== 'NONE') return state;
      const { ticketId, buyerId, teamCode, betCredit, purchasedAt, idempotencyKey } = event.data;
      return {
        status: 'PENDING',
        id: ticketId,
        buyerId,
        teamCode,
        betCredit,
        purchasedAt,
        idempotencyKey,
      };
    }
    case 'TicketApproved':
      return state.status === 'PENDING'
        ? { ...state, status: 'APPROVED', approvedAt: event.data.approvedAt }
        : state;
    case 'TicketCancelled':
      if (state.status !== 'PENDING' && state.status !== 'APPROVED') return state;
      return {
        ...state,
        status: 'CANCELLED',
        approvedAt: state.status === 'APPROVED' ? state.approvedAt : undefined,
        cancelledAt: event.data.cancelledAt,
      };
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}

/** Who asks to see a ticket: a buyer sees their own tickets, an admin every ticket. */
export interface Viewer {
  readonly subject: string;
  readonly isAdmin: boolean;
}

export function mayView(ticket: ExistingTicket, viewer: Viewer): boolean {
  return viewer.isAdmin || ticket.buyerId === viewer.subject;
}

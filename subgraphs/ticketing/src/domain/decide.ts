import {
  checkBet,
  type BetRejectionCode,
  type BettingRules,
  type TicketApproved,
  type TicketCancelled,
  type TicketEvent,
  type TicketPurchased,
} from '@sportskk/contracts';
import type { Ticket } from './ticket.ts';

type BuyTicket = {
  readonly type: 'BuyTicket';
  readonly data: {
    readonly ticketId: string;
    readonly buyerId: string;
    readonly teamCode: string;
    readonly betCredit: number;
    readonly idempotencyKey?: string;
    readonly now: Date;
  };
};
type ApproveTicket = {
  readonly type: 'ApproveTicket';
  readonly data: { readonly ticketId: string; readonly now: Date };
};
type CancelTicket = {
  readonly type: 'CancelTicket';
  readonly data: {
    readonly ticketId: string;
    /** Who asks: a buyer may cancel only their own ticket, an admin any. */
    readonly by: { readonly subject: string; readonly isAdmin: boolean };
    readonly now: Date;
  };
};
export type TicketCommand = BuyTicket | ApproveTicket | CancelTicket;

export type TicketFailureCode =
  BetRejectionCode | 'TICKET_NOT_FOUND' | 'TICKET_ALREADY_CANCELLED' | 'IDEMPOTENCY_KEY_REUSED';

export type Decision =
  | { readonly ok: true; readonly events: readonly TicketEvent[] }
  | { readonly ok: false; readonly code: TicketFailureCode; readonly message: string };

const fail = (code: TicketFailureCode, message: string): Decision => ({ ok: false, code, message });
const emit = (...events: TicketEvent[]): Decision => ({ ok: true, events });

/** The rules of a ticket: which events a command produces in a state, or why it cannot. */
export function decide(command: TicketCommand, state: Ticket, rules: BettingRules): Decision {
  switch (command.type) {
    case 'BuyTicket':
      return decideBuy(command, state, rules);
    case 'ApproveTicket':
      if (state.status === 'NONE')
        return fail('TICKET_NOT_FOUND', `Ticket ${command.data.ticketId} does not exist`);
      if (state.status !== 'PENDING') return emit(); // approved already, or cancelled: nothing to do
      return emit({
        type: 'TicketApproved',
        data: { ticketId: state.id, approvedAt: command.data.now.toISOString() },
      } satisfies TicketApproved);
    case 'CancelTicket': {
      const { by } = command.data;
      // Another buyer's ticket is answered as if there were none: its existence is not theirs to learn.
      if (state.status === 'NONE' || (!by.isAdmin && state.buyerId !== by.subject))
        return fail('TICKET_NOT_FOUND', `Ticket ${command.data.ticketId} does not exist`);
      if (state.status === 'CANCELLED')
        return fail(
          'TICKET_ALREADY_CANCELLED',
          `Ticket ${state.id} was cancelled at ${state.cancelledAt}`,
        );
      return emit({
        type: 'TicketCancelled',
        data: {
          ticketId: state.id,
          teamCode: state.teamCode,
          betCredit: state.betCredit,
          cancelledAt: command.data.now.toISOString(),
        },
      } satisfies TicketCancelled);
    }
    default: {
      const unexpected: never = command;
      return unexpected;
    }
  }
}

function decideBuy({ data }: BuyTicket, state: Ticket, rules: BettingRules): Decision {
  const bet = checkBet(rules, data);
  if (!bet.ok) return fail(bet.code, bet.message);
  if (state.status !== 'NONE') {
    // The same idempotency key again: the same purchase is answered by the existing ticket, anything else is refused.
    const same =
      state.idempotencyKey === data.idempotencyKey &&
      state.teamCode === data.teamCode &&
      state.betCredit === data.betCredit;
    return same
      ? emit()
      : fail(
          'IDEMPOTENCY_KEY_REUSED',
          'This idempotency key was already used for a different purchase',
        );
  }
  const purchased: TicketPurchased = {
    type: 'TicketPurchased',
    data: {
      ticketId: data.ticketId,
      buyerId: data.buyerId,
      teamCode: data.teamCode,
      betCredit: data.betCredit,
      purchasedAt: data.now.toISOString(),
      ...(data.idempotencyKey === undefined ? {} : { idempotencyKey: data.idempotencyKey }),
    },
  };
  return emit(purchased);
}

import { DateTime, Long } from '@sportskk/service';
import type { TicketCommands, TicketView } from '../app/ticket-commands.ts';
import type { TicketingContext } from './context.ts';
import { unwrap } from './errors.ts';

interface BuyTicketArgs {
  readonly input: { readonly teamCode: string; readonly betCredit: number; readonly idempotencyKey?: string | null };
}
interface CancelTicketArgs {
  readonly input: { readonly ticketId: string; readonly expectedVersion?: number | null };
}

export function createTicketingResolvers(commands: TicketCommands) {
  return {
    DateTime,
    Long,
    Query: {
      ticket: (_: unknown, args: { id: string }) => commands.getTicket(args.id),
    },
    Mutation: {
      buyTicket: async (_: unknown, { input }: BuyTicketArgs, context: TicketingContext) => ({ ticket: unwrap(await commands.buyTicket(input, context)) }),
      cancelTicket: async (_: unknown, { input }: CancelTicketArgs, context: TicketingContext) => ({ ticket: unwrap(await commands.cancelTicket(input, context)) }),
    },
    Ticket: {
      __resolveReference: (reference: { id: string }) => commands.getTicket(reference.id),
      approvedAt: (ticket: TicketView) => (ticket.status === 'PENDING' ? null : (ticket.approvedAt ?? null)),
      cancelledAt: (ticket: TicketView) => (ticket.status === 'CANCELLED' ? ticket.cancelledAt : null),
    },
  };
}

import { DateTime, Long } from '@sportskk/platform';
import type { TicketCommands } from '../app/ticket-commands.ts';
import { requestContextOf } from './context.ts';
import { unwrap } from './errors.ts';
import type { Resolvers } from './generated/resolvers-types.ts';

/** Thin: arguments to a use case, its result back, failures through unwrap. */
export function createTicketingResolvers(commands: TicketCommands): Resolvers {
  return {
    DateTime,
    Long,
    Query: {
      ticket: async (_parent, { id }) => (await commands.getTicket(id)) ?? null,
    },
    Mutation: {
      buyTicket: async (_parent, { input }, context) => ({
        ticket: unwrap(await commands.buyTicket(input, requestContextOf(context))),
      }),
      cancelTicket: async (_parent, { input }, context) => ({
        ticket: unwrap(await commands.cancelTicket(input, requestContextOf(context))),
      }),
    },
    Ticket: {
      __resolveReference: async ({ id }) => (await commands.getTicket(id)) ?? null,
      approvedAt: (ticket) => (ticket.status === 'PENDING' ? null : (ticket.approvedAt ?? null)),
      cancelledAt: (ticket) => (ticket.status === 'CANCELLED' ? ticket.cancelledAt : null),
    },
  };
}

import { DateTime, Long } from '@sportskk/platform';
import type { TicketCommands } from '../app/ticket-commands.ts';
import { requestContextOf, viewerOf } from './context.ts';
import { unwrap } from './errors.ts';
import type { Resolvers } from './generated/resolvers-types.ts';

/** Thin: arguments to a use case, its result back, failures through unwrap. */
export function createTicketingResolvers(commands: TicketCommands): Resolvers {
  return {
    DateTime,
    Long,
    Query: {
      ticket: async (_parent, { id }, context) =>
        (await commands.getTicket(id, viewerOf(context))) ?? null,
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
      // Also for entity fetches: another buyer's ticket resolves to nothing.
      __resolveReference: async ({ id }, context) =>
        (await commands.getTicket(id, viewerOf(context))) ?? null,
      approvedAt: (ticket) => (ticket.status === 'PENDING' ? null : (ticket.approvedAt ?? null)),
      cancelledAt: (ticket) => (ticket.status === 'CANCELLED' ? ticket.cancelledAt : null),
    },
  };
}

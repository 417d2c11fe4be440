import { DateTime, Long } from '@sportskk/platform';
import DataLoader from 'dataloader';
import type { TicketCommands, TicketView } from '../app/ticket-commands.ts';
import { requestContextOf, viewerOf, type TicketingContext } from './context.ts';
import { unwrap } from './errors.ts';
import type { Resolvers } from './generated/resolvers-types.ts';

/** Thin: arguments to a use case, its result back, failures through unwrap. */
export function createTicketingResolvers(commands: TicketCommands): Resolvers {
  // One loader per request: the entity fetch for `tickets(first: 30)` is one read of 30 streams, not 30 reads.
  const loaders = new WeakMap<TicketingContext, DataLoader<string, TicketView | undefined>>();
  const loaderOf = (context: TicketingContext) => {
    let loader = loaders.get(context);
    if (!loader) {
      const viewer = viewerOf(context);
      loader = new DataLoader((ids: readonly string[]) => commands.getTickets(ids, viewer));
      loaders.set(context, loader);
    }
    return loader;
  };
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
      __resolveReference: async ({ id }, context) => (await loaderOf(context).load(id)) ?? null,
      approvedAt: (ticket) => (ticket.status === 'PENDING' ? null : (ticket.approvedAt ?? null)),
      cancelledAt: (ticket) => (ticket.status === 'CANCELLED' ? ticket.cancelledAt : null),
    },
  };
}

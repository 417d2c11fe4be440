import { DateTime, Long } from '@sportskk/platform';
import { GraphQLError } from 'graphql';
import { cursorOf, ticketListQuery, type TicketListFailure } from '../domain/ticket-list.ts';
import type { TicketViewStore } from '../ports/ticket-view-store.ts';
import { decodeCursor, encodeCursor } from './cursors.ts';
import type { QueryTicketsArgs, Resolvers } from './generated/resolvers-types.ts';

export function createCenterResolvers(store: TicketViewStore): Resolvers {
  /** One page of the list, for everyone (`buyerId` undefined) or one buyer. */
  const page = async (args: TicketsArgs, buyerId?: string) => {
    const after =
      args.after == null
        ? { given: false as const }
        : { given: true as const, cursor: decodeCursor(args.after) };
    const checked = ticketListQuery({
      filter: args.filter ?? null,
      first: args.first ?? null,
      after,
      ...(buyerId === undefined ? {} : { buyerId }),
    });
    if (!checked.ok) throw badUserInput(checked);
    const found = await store.list(checked.query);
    const edges = found.tickets.map((node) => ({ cursor: encodeCursor(cursorOf(node)), node }));
    return {
      edges,
      pageInfo: { hasNextPage: found.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: found.totalCount,
    };
  };
  return {
    DateTime,
    Long,
    Query: {
      tickets: (_parent, args) => page(args),
      myTickets(_parent, args, { identity }) {
        if (!identity)
          throw new GraphQLError('Sign in to list your tickets', {
            extensions: { code: 'UNAUTHENTICATED' },
          });
        return page(args, identity.subject);
      },
    },
    Ticket: {
      __resolveReference: async ({ id }) => (await store.get(id)) ?? { id, history: [] },
      history: (ticket) => [...ticket.history],
    },
  };
}

type TicketsArgs = QueryTicketsArgs;

/** The only place a list failure code becomes a GraphQL error. */
function badUserInput(failure: TicketListFailure): GraphQLError {
  return new GraphQLError(failure.message, {
    extensions: { code: 'BAD_USER_INPUT', reason: failure.code, argument: failure.argument },
  });
}

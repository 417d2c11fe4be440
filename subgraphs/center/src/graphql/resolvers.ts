import { DateTime, Long } from '@sportskk/platform';
import { GraphQLError } from 'graphql';
import { cursorOf, ticketListQuery, type TicketListFailure } from '../domain/ticket-list.ts';
import type { TicketViewStore } from '../ports/ticket-view-store.ts';
import { decodeCursor, encodeCursor } from './cursors.ts';
import type { Resolvers } from './generated/resolvers-types.ts';

export function createCenterResolvers(store: TicketViewStore): Resolvers {
  return {
    DateTime,
    Long,
    Query: {
      async tickets(_parent, { filter, first, after }) {
        const cursor =
          after == null
            ? { given: false as const }
            : { given: true as const, cursor: decodeCursor(after) };
        const checked = ticketListQuery({
          filter: filter ?? null,
          first: first ?? null,
          after: cursor,
        });
        if (!checked.ok) throw badUserInput(checked);
        const page = await store.list(checked.query);
        const edges = page.tickets.map((node) => ({ cursor: encodeCursor(cursorOf(node)), node }));
        return {
          edges,
          pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
          totalCount: page.totalCount,
        };
      },
    },
    Ticket: {
      __resolveReference: async ({ id }) => (await store.get(id)) ?? { id, history: [] },
      history: (ticket) => [...ticket.history],
    },
  };
}

/** The only place a list failure code becomes a GraphQL error. */
function badUserInput(failure: TicketListFailure): GraphQLError {
  return new GraphQLError(failure.message, {
    extensions: { code: 'BAD_USER_INPUT', reason: failure.code, argument: failure.argument },
  });
}

import type { EventStoreKind } from '@sportskk/event-store';
import { DateTime, Long } from '@sportskk/platform';
import { GraphQLError } from 'graphql';
import { WatcherTooSlow, type LoggedStatusChange, type StatusFeed } from '../app/status-feed.ts';
import { cursorOf, ticketListQuery, type TicketListFailure } from '../domain/ticket-list.ts';
import type { TicketViewStore } from '../ports/ticket-view-store.ts';
import { decodeCursor, decodeStatusCursor, encodeCursor, encodeStatusCursor } from './cursors.ts';
import type { QueryTicketsArgs, Resolvers } from './generated/resolvers-types.ts';

/** Where status changes come from: the feed, and the kind of event store its cursors are positions in. */
export interface StatusChanges {
  readonly feed: StatusFeed;
  readonly eventStore: EventStoreKind;
}

export function createCenterResolvers(store: TicketViewStore, changes: StatusChanges): Resolvers {
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
      ticketStatusCursor: () => encodeStatusCursor(changes.eventStore, changes.feed.position()),
      myTickets(_parent, args, { identity }) {
        if (!identity)
          throw new GraphQLError('Sign in to list your tickets', {
            extensions: { code: 'UNAUTHENTICATED' },
          });
        return page(args, identity.subject);
      },
    },
    Subscription: {
      ticketStatusChanged: {
        subscribe(_parent, { filter, after }) {
          const position =
            after == null ? undefined : decodeStatusCursor(after, changes.eventStore);
          if (after != null && !position)
            throw new GraphQLError('`after` is not a cursor of this subscription', {
              extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR', argument: 'after' },
            });
          const watched = changes.feed.watch({
            filter: filter ?? {},
            ...(position && { after: position }),
          });
          return slowConsumerAsError(watched);
        },
        resolve: (change: LoggedStatusChange | WatcherTooSlow) => {
          if (change instanceof WatcherTooSlow)
            throw new GraphQLError(change.message, { extensions: { code: change.code } });
          return change;
        },
      },
    },
    TicketStatusChange: {
      ticket: async ({ ticketId }) => (await store.get(ticketId)) ?? { id: ticketId, history: [] },
      cursor: ({ position }) => encodeStatusCursor(changes.eventStore, position),
    },
    Ticket: {
      __resolveReference: async ({ id }) => (await store.get(id)) ?? { id, history: [] },
      history: (ticket) => [...ticket.history],
    },
  };
}

/**
 * The changes, and a WatcherTooSlow as a last item (answered as an error) instead of a broken stream. Not a
 * generator: return() must reach the watcher at once, even while it waits for the next change.
 */
function slowConsumerAsError(
  changes: AsyncIterableIterator<LoggedStatusChange>,
): AsyncIterableIterator<LoggedStatusChange | WatcherTooSlow> {
  let failed = false;
  const iterator: AsyncIterableIterator<LoggedStatusChange | WatcherTooSlow> = {
    async next() {
      if (failed) return { done: true, value: undefined };
      try {
        return await changes.next();
      } catch (error) {
        if (!(error instanceof WatcherTooSlow)) throw error;
        failed = true;
        return { done: false, value: error };
      }
    },
    return: async () => changes.return!(),
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
type TicketsArgs = QueryTicketsArgs;

/** The only place a list failure code becomes a GraphQL error. */
function badUserInput(failure: TicketListFailure): GraphQLError {
  return new GraphQLError(failure.message, {
    extensions: { code: 'BAD_USER_INPUT', reason: failure.code, argument: failure.argument },
  });
}

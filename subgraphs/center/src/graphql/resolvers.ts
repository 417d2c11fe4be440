import { DateTime, Long } from '@sportskk/service';
import { GraphQLError } from 'graphql';
import { cursorOf, encodeCursor, ticketListQuery, type TicketListFailure } from '../domain/ticket-list.ts';
import type { TicketHistoryEntry, TicketViewDocument, TicketViewStatus } from '../domain/ticket-view.ts';
import type { TicketViewStore } from '../ports/ticket-view-store.ts';

/** What a Ticket resolves from: a stored view, or just the id of one the view has not seen. */
export type TicketParent = Pick<TicketViewDocument, 'id' | 'history'>;

export interface TicketsArgs {
  readonly filter?: { readonly status?: TicketViewStatus | null; readonly teamCode?: string | null } | null;
  readonly first?: number | null;
  readonly after?: string | null;
}

export interface TicketConnection {
  readonly edges: ReadonlyArray<{ readonly cursor: string; readonly node: TicketParent }>;
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
  readonly totalCount: number;
}

/** The center's resolvers (a type, not an interface, so it fits @apollo/subgraph's resolver map); no context needed. */
export type CenterResolvers = {
  readonly DateTime: typeof DateTime;
  readonly Long: typeof Long;
  readonly Query: {
    readonly tickets: (parent: unknown, args: TicketsArgs) => Promise<TicketConnection>;
  };
  readonly Ticket: {
    readonly __resolveReference: (reference: { readonly id: string }) => Promise<TicketParent>;
    readonly history: (ticket: TicketParent) => readonly TicketHistoryEntry[];
  };
};

export function createCenterResolvers(store: TicketViewStore): CenterResolvers {
  return {
    DateTime,
    Long,
    Query: {
      async tickets(_parent, args) {
        const checked = ticketListQuery({ filter: args.filter ?? null, first: args.first ?? null, after: args.after ?? null });
        if (!checked.ok) throw badUserInput(checked);
        const page = await store.list(checked.query);
        const edges = page.tickets.map((node) => ({ cursor: encodeCursor(cursorOf(node)), node }));
        return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null }, totalCount: page.totalCount };
      },
    },
    Ticket: {
      __resolveReference: async ({ id }) => (await store.get(id)) ?? { id, history: [] },
      history: (ticket) => ticket.history,
    },
  };
}

/** The only place a list failure code becomes a GraphQL error. */
function badUserInput(failure: TicketListFailure): GraphQLError {
  return new GraphQLError(failure.message, { extensions: { code: 'BAD_USER_INPUT', reason: failure.code, argument: failure.argument } });
}

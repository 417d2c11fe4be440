import { GraphQLError, type GraphQLScalarType } from 'graphql';
import { DateTime, Long } from '@sportskk/service';
import { statusOf, type TicketTotallingStatus } from '../domain/ticket-totalling.ts';
import { isKnownTeam, type TotallingRules } from '../domain/validation.ts';
import type { TeamTotal, TotallingStore } from '../ports/totalling-store.ts';
import { batchedReads } from './batched-reads.ts';

/** A Ticket entity as this subgraph knows it: its key only. */
export interface TicketReference {
  readonly id: string;
}

/** Hand-written resolver types (type aliases, so they fit @apollo/subgraph's resolver map). */
export type TotallingResolvers = {
  DateTime: GraphQLScalarType;
  Long: GraphQLScalarType;
  Query: {
    teamTotals: () => Promise<TeamTotal[]>;
    teamTotal: (parent: unknown, args: { teamCode: string }) => Promise<TeamTotal>;
  };
  TeamTotal: {
    __resolveReference: (reference: { teamCode: string }) => Promise<TeamTotal | null>;
  };
  Ticket: {
    __resolveReference: (reference: TicketReference) => TicketReference;
    totalling: (ticket: TicketReference) => Promise<TicketTotallingStatus>;
  };
};

export function createTotallingResolvers(store: TotallingStore, rules: Pick<TotallingRules, 'teams'>): TotallingResolvers {
  const readTicketRecord = batchedReads((ids) => store.ticketRecords(ids));
  const teamTotal = async (teamCode: string) => (await store.teamTotals([teamCode]))[0]!;
  return {
    DateTime,
    Long,
    Query: {
      teamTotals: () => store.teamTotals(rules.teams),
      async teamTotal(_, { teamCode }) {
        if (!isKnownTeam(teamCode, rules)) {
          throw new GraphQLError(`Unknown team ${JSON.stringify(teamCode.slice(0, 60))}; configured teams: ${rules.teams.join(', ')}`, {
            extensions: { code: 'UNKNOWN_TEAM' },
          });
        }
        return teamTotal(teamCode);
      },
    },
    TeamTotal: {
      // Another subgraph naming a team that is not configured gets null (no such entity), not an error.
      __resolveReference: async ({ teamCode }) => (isKnownTeam(teamCode, rules) ? teamTotal(teamCode) : null),
    },
    Ticket: {
      __resolveReference: ({ id }) => ({ id }),
      totalling: async ({ id }) => (await readTicketRecord(id)) ?? statusOf(undefined),
    },
  };
}

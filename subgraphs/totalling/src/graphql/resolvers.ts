import type { BettingRules } from '@sportskk/contracts';
import { DateTime, Long } from '@sportskk/platform';
import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import { statusOf } from '../domain/ticket-totalling.ts';
import type { TotalsFeed } from '../app/totals-feed.ts';
import type { TeamTotal, TotallingStore } from '../ports/totalling-store.ts';
import type { Resolvers } from './generated/resolvers-types.ts';

/**
 * Reads of the totals and of each ticket's record. Federation resolves a list of Ticket references one by one;
 * a DataLoader (no cache: every batch reads fresh) makes the records of one tick a single query.
 */
export function createTotallingResolvers(
  store: TotallingStore,
  rules: Pick<BettingRules, 'teams'>,
  totals: TotalsFeed,
): Resolvers {
  const records = new DataLoader(
    async (ids: readonly string[]) => {
      const found = await store.ticketRecords(ids);
      return ids.map((id) => statusOf(found.get(id)));
    },
    { cache: false, maxBatchSize: 500 },
  );
  const isKnown = (teamCode: string) => rules.teams.includes(teamCode);
  const teamTotal = async (teamCode: string) => (await store.teamTotals([teamCode]))[0]!;
  const unknownTeam = (teamCode: string) =>
    new GraphQLError(
      `Unknown team ${JSON.stringify(teamCode.slice(0, 60))}; configured teams: ${rules.teams.join(', ')}`,
      { extensions: { code: 'UNKNOWN_TEAM' } },
    );
  return {
    DateTime,
    Long,
    Query: {
      teamTotals: () => store.teamTotals(rules.teams),
      async teamTotal(_parent, { teamCode }) {
        if (!isKnown(teamCode)) throw unknownTeam(teamCode);
        return teamTotal(teamCode);
      },
    },
    Subscription: {
      teamTotalsChanged: {
        subscribe(_parent, { teamCode }) {
          if (!isKnown(teamCode)) throw unknownTeam(teamCode);
          return totals.watch(teamCode);
        },
        resolve: (total: TeamTotal) => total,
      },
    },
    TeamTotal: {
      // Another subgraph naming a team that is not configured gets null (no such entity), not an error.
      __resolveReference: async ({ teamCode }) => (isKnown(teamCode) ? teamTotal(teamCode) : null),
    },
    Ticket: {
      __resolveReference: ({ id }) => ({ id }),
      totalling: ({ id }) => records.load(id),
    },
  };
}

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { BettingRules } from '@sportskk/contracts';
import { parse, type GraphQLSchema } from 'graphql';
import type { TotalsFeed } from '../app/totals-feed.ts';
import type { TotallingStore } from '../ports/totalling-store.ts';
import { createTotallingResolvers } from './resolvers.ts';

export const typeDefs = parse(
  readFileSync(fileURLToPath(new URL('../../schema.graphql', import.meta.url)), 'utf8'),
);

/** The subgraph as `buildSubgraphSchema` takes it: `{ name, typeDefs, resolvers }`. */
export function totallingSubgraph(
  store: TotallingStore,
  rules: Pick<BettingRules, 'teams'>,
  totals: TotalsFeed,
) {
  return {
    name: 'totalling',
    typeDefs,
    resolvers: createTotallingResolvers(store, rules, totals),
  } as const;
}

export function buildTotallingSchema(
  store: TotallingStore,
  rules: Pick<BettingRules, 'teams'>,
  totals: TotalsFeed,
): GraphQLSchema {
  return buildSubgraphSchema([totallingSubgraph(store, rules, totals)]);
}

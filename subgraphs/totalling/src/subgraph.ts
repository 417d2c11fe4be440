import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Config } from '@sportskk/service';
import type { TotallingStore } from './ports/totalling-store.ts';
import { createTotallingResolvers, type TotallingResolvers } from './graphql/resolvers.ts';

export const TOTALLING_SCHEMA_PATH = fileURLToPath(new URL('../schema.graphql', import.meta.url));
export const typeDefs: DocumentNode = parse(readFileSync(TOTALLING_SCHEMA_PATH, 'utf8'));

export interface TotallingSubgraphOptions {
  readonly store: TotallingStore;
  readonly config: Pick<Config, 'teams'>;
}

export interface TotallingSubgraph {
  readonly name: 'totalling';
  readonly typeDefs: DocumentNode;
  readonly resolvers: TotallingResolvers;
}

/** `{ name, typeDefs, resolvers }` so tests and the gateway can compose the subgraphs in-process. */
export function createTotallingSubgraph({ store, config }: TotallingSubgraphOptions): TotallingSubgraph {
  return { name: 'totalling', typeDefs, resolvers: createTotallingResolvers(store, { teams: config.teams }) };
}

export function buildTotallingSchema(options: TotallingSubgraphOptions): GraphQLSchema {
  const { resolvers } = createTotallingSubgraph(options);
  return buildSubgraphSchema([{ typeDefs, resolvers }]);
}

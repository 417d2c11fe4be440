import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { createCenterResolvers, type CenterResolvers } from './graphql/resolvers.ts';
import type { TicketViewStore } from './ports/ticket-view-store.ts';

export const CENTER_SCHEMA_PATH = fileURLToPath(new URL('../schema.graphql', import.meta.url));
export const typeDefs: DocumentNode = parse(readFileSync(CENTER_SCHEMA_PATH, 'utf8'));

export interface CenterSubgraph {
  readonly name: 'center';
  readonly typeDefs: DocumentNode;
  readonly resolvers: CenterResolvers;
}

export function createCenterSubgraph({ store }: { store: TicketViewStore }): CenterSubgraph {
  return { name: 'center', typeDefs, resolvers: createCenterResolvers(store) };
}

export function buildCenterSchema(subgraph: CenterSubgraph): GraphQLSchema {
  return buildSubgraphSchema({ typeDefs: subgraph.typeDefs, resolvers: subgraph.resolvers });
}

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { parse } from 'graphql';
import type { TicketCommands } from './app/ticket-commands.ts';
import { createTicketingResolvers } from './graphql/resolvers.ts';

export const TICKETING_SCHEMA_PATH = fileURLToPath(new URL('../schema.graphql', import.meta.url));
export const typeDefs = parse(readFileSync(TICKETING_SCHEMA_PATH, 'utf8'));

export function createTicketingSubgraph(commands: TicketCommands) {
  return { name: 'ticketing', typeDefs, resolvers: createTicketingResolvers(commands) };
}

export function buildTicketingSchema(commands: TicketCommands) {
  const { resolvers } = createTicketingSubgraph(commands);
  return buildSubgraphSchema({ typeDefs, resolvers: resolvers as unknown as GraphQLResolverMap<unknown> });
}

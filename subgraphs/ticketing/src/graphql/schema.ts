import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLSchema } from 'graphql';
import type { TicketCommands } from '../app/ticket-commands.ts';
import { createTicketingResolvers } from './resolvers.ts';

export const typeDefs = parse(
  readFileSync(fileURLToPath(new URL('../../schema.graphql', import.meta.url)), 'utf8'),
);

/** The subgraph as `buildSubgraphSchema` takes it: `{ name, typeDefs, resolvers }`. */
function ticketingSubgraph(commands: TicketCommands) {
  return { name: 'ticketing', typeDefs, resolvers: createTicketingResolvers(commands) } as const;
}

export function buildTicketingSchema(commands: TicketCommands): GraphQLSchema {
  return buildSubgraphSchema([ticketingSubgraph(commands)]);
}

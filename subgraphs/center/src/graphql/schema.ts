import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLSchema } from 'graphql';
import type { TicketViewStore } from '../ports/ticket-view-store.ts';
import { createCenterResolvers, type StatusChanges } from './resolvers.ts';

export const typeDefs = parse(
  readFileSync(fileURLToPath(new URL('../../schema.graphql', import.meta.url)), 'utf8'),
);

/** The subgraph as `buildSubgraphSchema` takes it: `{ name, typeDefs, resolvers }`. */
function centerSubgraph(store: TicketViewStore, changes: StatusChanges) {
  return { name: 'center', typeDefs, resolvers: createCenterResolvers(store, changes) } as const;
}

export function buildCenterSchema(store: TicketViewStore, changes: StatusChanges): GraphQLSchema {
  return buildSubgraphSchema([centerSubgraph(store, changes)]);
}

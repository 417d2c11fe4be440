import { describe, expect, it } from 'vitest';
import { Kind, type DefinitionNode, type GraphQLUnionType } from 'graphql';
import type { TotalsFeed } from '../app/totals-feed.ts';
import type { TotallingStore } from '../ports/totalling-store.ts';
import { buildTotallingSchema, totallingSubgraph, typeDefs } from './schema.ts';

/** Every type, field and argument that lacks a description, as "Type.field(arg)". */
function undescribed(definitions: readonly DefinitionNode[]): string[] {
  const missing: string[] = [];
  for (const definition of definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.SCALAR_TYPE_DEFINITION
    )
      continue;
    const type = definition.name.value;
    // Subscription is shared with the center, which describes it (one description, or composition hints).
    if (!definition.description && type !== 'Subscription') missing.push(type);
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    for (const field of definition.fields ?? []) {
      if (!field.description) missing.push(`${type}.${field.name.value}`);
      for (const arg of field.arguments ?? [])
        if (!arg.description) missing.push(`${type}.${field.name.value}(${arg.name.value})`);
    }
  }
  return missing;
}

describe('totalling subgraph', () => {
  it('describes every type, field and argument (the shared Subscription type is described in the center)', () => {
    expect(undescribed(typeDefs.definitions)).toEqual([]);
  });

  it('builds a federated schema with its entities', () => {
    const store = {} as TotallingStore;
    const totals = {} as TotalsFeed;
    expect(totallingSubgraph(store, { teams: ['KT'] }, totals).name).toBe('totalling');
    const schema = buildTotallingSchema(store, { teams: ['KT'] }, totals);
    expect(Object.keys(schema.getSubscriptionType()!.getFields())).toEqual(['teamTotalsChanged']);
    expect(Object.keys(schema.getQueryType()!.getFields()).sort()).toEqual([
      '_entities',
      '_service',
      'teamTotal',
      'teamTotals',
    ]);
    // The schema's own methods: under vitest, graphql can be loaded twice (ESM and CJS), so no instanceof.
    const entities = schema.getType('_Entity') as GraphQLUnionType;
    expect(
      schema
        .getPossibleTypes(entities)
        .map((type) => type.name)
        .sort(),
    ).toEqual(['TeamTotal', 'Ticket']);
  });
});

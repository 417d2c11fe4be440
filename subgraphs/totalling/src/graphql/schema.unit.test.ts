import { describe, expect, it } from 'vitest';
import { Kind, type DefinitionNode, type GraphQLUnionType } from 'graphql';
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
    if (!definition.description) missing.push(type);
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
  it('describes every type, field and argument', () => {
    expect(undescribed(typeDefs.definitions)).toEqual([]);
  });

  it('builds a federated schema with its entities', () => {
    const store = {} as TotallingStore;
    expect(totallingSubgraph(store, { teams: ['KT'] }).name).toBe('totalling');
    const schema = buildTotallingSchema(store, { teams: ['KT'] });
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

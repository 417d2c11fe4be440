import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Kind, type DefinitionNode, type GraphQLUnionType } from 'graphql';
import { SCALARS_SDL } from '@sportskk/service';
import type { TotallingStore } from './ports/totalling-store.ts';
import { buildTotallingSchema, createTotallingSubgraph, TOTALLING_SCHEMA_PATH, typeDefs } from './subgraph.ts';

/** Every type, field and argument that lacks a description, as "Type.field(arg)". */
function undescribed(definitions: readonly DefinitionNode[]): string[] {
  const missing: string[] = [];
  for (const definition of definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.SCALAR_TYPE_DEFINITION) continue;
    const type = definition.name.value;
    if (!definition.description) missing.push(type);
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    for (const field of definition.fields ?? []) {
      if (!field.description) missing.push(`${type}.${field.name.value}`);
      for (const arg of field.arguments ?? []) if (!arg.description) missing.push(`${type}.${field.name.value}(${arg.name.value})`);
    }
  }
  return missing;
}

describe('totalling subgraph', () => {
  it('describes every type, field and argument', () => {
    expect(undescribed(typeDefs.definitions)).toEqual([]);
  });

  it('declares the shared scalars exactly as every subgraph does', () => {
    expect(readFileSync(TOTALLING_SCHEMA_PATH, 'utf8')).toContain(SCALARS_SDL.trim());
  });

  it('builds a federated schema with its entities', () => {
    const subgraph = createTotallingSubgraph({ store: {} as TotallingStore, config: { teams: ['KT'] } });
    expect(subgraph.name).toBe('totalling');
    const schema = buildTotallingSchema({ store: {} as TotallingStore, config: { teams: ['KT'] } });
    expect(Object.keys(schema.getQueryType()!.getFields()).sort()).toEqual(['_entities', '_service', 'teamTotal', 'teamTotals']);
    // The schema's own methods: under vitest, graphql can be loaded twice (ESM and CJS), so no instanceof.
    const entities = schema.getType('_Entity') as GraphQLUnionType;
    expect(schema.getPossibleTypes(entities).map((type) => type.name).sort()).toEqual(['TeamTotal', 'Ticket']);
  });
});

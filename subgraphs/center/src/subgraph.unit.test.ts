import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { SCALARS_SDL } from '@sportskk/service';
import { Kind, parse, print, type DefinitionNode, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CENTER_SCHEMA_PATH, typeDefs } from './subgraph.ts';

const definitions = (document: DocumentNode, kind: Kind) => document.definitions.filter((definition) => definition.kind === kind);
const named = (document: DocumentNode, name: string): DefinitionNode | undefined =>
  document.definitions.find((definition) => 'name' in definition && definition.name?.value === name);

describe('the center SDL', () => {
  it('lives at CENTER_SCHEMA_PATH and links Federation 2', () => {
    expect(CENTER_SCHEMA_PATH).toMatch(/subgraphs[/\\]center[/\\]schema\.graphql$/);
    expect(readFileSync(CENTER_SCHEMA_PATH, 'utf8')).toContain('extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])');
  });

  it('describes every type, field, argument, input field and enum value (Query is shared and left to one place)', () => {
    const missing: string[] = [];
    for (const definition of typeDefs.definitions) {
      if (!('name' in definition) || !definition.name) continue;
      const type = definition.name.value;
      if (!('description' in definition && definition.description) && type !== 'Query') missing.push(type);
      const members = 'fields' in definition ? (definition.fields ?? []) : 'values' in definition ? (definition.values ?? []) : [];
      for (const member of members) {
        if (!member.description) missing.push(`${type}.${member.name.value}`);
        for (const argument of 'arguments' in member ? (member.arguments ?? []) : []) {
          if (!argument.description) missing.push(`${type}.${member.name.value}(${argument.name.value})`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('declares both shared scalars exactly as every subgraph does', () => {
    const shared = definitions(parse(SCALARS_SDL), Kind.SCALAR_TYPE_DEFINITION).map((definition) => print(definition));
    expect(definitions(typeDefs, Kind.SCALAR_TYPE_DEFINITION).map((definition) => print(definition))).toEqual(shared);
  });

  it('declares TicketStatus exactly as ticketing does (an enum used for input must be identical in every subgraph)', () => {
    const ticketingEvents = createRequire(import.meta.url).resolve('@sportskk/ticketing/events');
    const ticketing = parse(readFileSync(resolve(dirname(ticketingEvents), '../../schema.graphql'), 'utf8'));
    const ours = named(typeDefs, 'TicketStatus');
    expect(ours).toBeDefined();
    expect(print(ours!)).toBe(print(named(ticketing, 'TicketStatus')!));
  });

  it('makes Ticket an entity keyed by id with only id and history', () => {
    const ticket = named(typeDefs, 'Ticket');
    expect(ticket && print(ticket)).toMatch(/type Ticket @key\(fields: "id"\) \{\s+"""[^"]+"""\s+id: ID!\s+"""[^"]+"""\s+history: \[TicketHistoryEntry!\]!\s+\}/);
  });
});

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { print, type DefinitionNode, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { typeDefs } from './schema.ts';

const named = (document: DocumentNode, name: string): DefinitionNode | undefined =>
  document.definitions.find(
    (definition) => 'name' in definition && definition.name?.value === name,
  );

describe('the center SDL', () => {
  it('links Federation 2', () => {
    const sdl = readFileSync(
      fileURLToPath(new URL('../../schema.graphql', import.meta.url)),
      'utf8',
    );
    expect(sdl.replace(/\s+/g, ' ')).toContain(
      'extend schema @link( url: "https://specs.apollo.dev/federation/v2.7" import: ["@key", "@authenticated", "@requiresScopes"] )',
    );
  });

  it('describes every type, field, argument, input field and enum value (Query is shared and left to one place)', () => {
    const missing: string[] = [];
    for (const definition of typeDefs.definitions) {
      if (!('name' in definition) || !definition.name) continue;
      const type = definition.name.value;
      if (!('description' in definition && definition.description) && type !== 'Query')
        missing.push(type);
      const members =
        'fields' in definition
          ? (definition.fields ?? [])
          : 'values' in definition
            ? (definition.values ?? [])
            : [];
      for (const member of members) {
        if (!member.description) missing.push(`${type}.${member.name.value}`);
        for (const argument of 'arguments' in member ? (member.arguments ?? []) : []) {
          if (!argument.description)
            missing.push(`${type}.${member.name.value}(${argument.name.value})`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('makes Ticket an entity keyed by id with only id and history, history for admins', () => {
    const ticket = named(typeDefs, 'Ticket');
    expect(ticket && print(ticket)).toMatch(
      /type Ticket @key\(fields: "id"\) \{\s+"""[^"]+"""\s+id: ID!\s+"""[^"]+"""\s+history: \[TicketHistoryEntry!\]! @requiresScopes\(scopes: \[\["admin"\]\]\)\s+\}/,
    );
  });

  it('lets admins list every ticket and any signed-in caller list their own', () => {
    const query = named(typeDefs, 'Query');
    const directivesOf = (field: string) => {
      const found =
        query && 'fields' in query ? query.fields?.find((f) => f.name.value === field) : undefined;
      return (found?.directives ?? []).map((directive) => print(directive));
    };
    expect(directivesOf('tickets')).toEqual(['@requiresScopes(scopes: [["admin"]])']);
    expect(directivesOf('myTickets')).toEqual(['@authenticated']);
  });
});

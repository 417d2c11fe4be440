import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SUPERGRAPH_PATH } from '@sportskk/gateway';
import { Kind, parse, print, type DefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { composeSupergraph, writeSupergraph, type SubgraphSource } from './compose.ts';
import { SUBGRAPH_SOURCES } from './subgraph-sources.ts';
import { copiedSources } from './testing.ts';

const edit = (sources: SubgraphSource[], name: string, change: (sdl: string) => string) => {
  const source = sources.find((candidate) => candidate.name === name)!;
  const before = readFileSync(source.schemaPath, 'utf8');
  const after = change(before);
  expect(after).not.toBe(before);
  writeFileSync(source.schemaPath, after);
};
const failuresOf = (sources: readonly SubgraphSource[]) => {
  const result = composeSupergraph(sources);
  if (result.ok) throw new Error('expected composition to fail');
  return result.errors;
};

describe('composition of the three subgraphs', () => {
  it('succeeds, and Ticket gathers fields from every subgraph', () => {
    const result = composeSupergraph(SUBGRAPH_SOURCES);
    if (!result.ok) throw new Error(`Composition failed:\n- ${result.errors.join('\n- ')}`);
    const ticket = /type Ticket\b[^{]*\{([^}]*)\}/.exec(result.supergraphSdl)?.[1] ?? '';
    for (const field of ['status:', 'betCredit:', 'totalling:', 'history:'])
      expect(ticket).toContain(field);
    for (const graph of ['TICKETING', 'TOTALLING', 'CENTER'])
      expect(result.supergraphSdl).toMatch(new RegExp(`\\b${graph}\\b`));
  });

  it('is what the gateway serves: the committed supergraph is fresh (npm run build writes it)', () => {
    const result = composeSupergraph(SUBGRAPH_SOURCES);
    expect(result.ok && result.supergraphSdl).toBe(readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8'));
  });

  it('lists every file that cannot be parsed', () => {
    const broken = copiedSources();
    edit(broken, 'totalling', (sdl) => `${sdl}\ntype Broken {`);
    edit(broken, 'center', () => 'type Query { tickets: [Int!]! ');
    const errors = failuresOf(broken);
    expect(errors).toHaveLength(2);
    expect(errors.join('\n')).toMatch(/^totalling: .*\n^center: /m);
  });

  it('lists every conflict between the subgraphs', () => {
    const broken = copiedSources();
    const addToTicket = (field: string) => (sdl: string) =>
      sdl.replace(
        /type Ticket @key\(fields: "id"\) \{/,
        `type Ticket @key(fields: "id") {\n  ${field}`,
      );
    edit(broken, 'center', addToTicket('betCredit: String!'));
    edit(broken, 'totalling', addToTicket('teamCode: Int!'));
    const errors = failuresOf(broken).join('\n');
    expect(errors).toMatch(/betCredit/);
    expect(errors).toMatch(/teamCode/);
  });

  it('declares the shared scalars and TicketStatus identically in every subgraph that has them', () => {
    const shared = ['DateTime', 'Long', 'TicketStatus'];
    const declarations = new Map<string, Set<string>>();
    for (const source of SUBGRAPH_SOURCES) {
      for (const definition of parse(readFileSync(source.schemaPath, 'utf8')).definitions) {
        const name = nameOf(definition);
        if (name && shared.includes(name))
          declarations.set(name, (declarations.get(name) ?? new Set()).add(print(definition)));
      }
    }
    expect([...declarations.keys()].sort()).toEqual(shared.sort());
    for (const [name, printed] of declarations) expect(printed.size, name).toBe(1);
  });
});

describe('writing the supergraph', () => {
  it('writes only when the composition changed, and nothing when it fails', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'supergraph-')), 'supergraph.graphql');
    expect(writeSupergraph(SUBGRAPH_SOURCES, path)).toEqual({ ok: true, changed: true });
    expect(writeSupergraph(SUBGRAPH_SOURCES, path)).toEqual({ ok: true, changed: false });
    const written = readFileSync(path, 'utf8');
    const broken = copiedSources();
    edit(broken, 'center', () => 'type Query {');
    expect(writeSupergraph(broken, path)).toMatchObject({ ok: false });
    expect(readFileSync(path, 'utf8')).toBe(written);
  });
});

function nameOf(definition: DefinitionNode): string | undefined {
  const named =
    definition.kind === Kind.SCALAR_TYPE_DEFINITION ||
    definition.kind === Kind.ENUM_TYPE_DEFINITION;
  return named ? definition.name.value : undefined;
}

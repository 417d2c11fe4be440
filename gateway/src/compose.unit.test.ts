import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '@sportskk/service';
import { composeSupergraph } from './compose.ts';
import { subgraphSources } from './subgraphs.ts';
import { copiedSources } from './testing.ts';

const sources = subgraphSources(loadConfig({}).subgraphUrls);

describe('composition of the three subgraphs', () => {
  it('succeeds, and Ticket gathers fields from every subgraph', () => {
    const result = composeSupergraph(sources);
    if (!result.ok) throw new Error(`Composition failed:\n- ${result.errors.join('\n- ')}`);
    const ticket = /type Ticket\b[^{]*\{([^}]*)\}/.exec(result.supergraphSdl)?.[1] ?? '';
    for (const field of ['status:', 'betCredit:', 'totalling:', 'history:']) expect(ticket).toContain(field);
    for (const graph of ['TICKETING', 'TOTALLING', 'CENTER']) expect(result.supergraphSdl).toMatch(new RegExp(`\\b${graph}\\b`));
  });

  it('lists every error when the subgraphs disagree', () => {
    const broken = copiedSources();
    const totalling = broken.find((source) => source.name === 'totalling')!;
    writeFileSync(totalling.schemaPath, `${readFileSync(totalling.schemaPath, 'utf8')}\ntype TeamTotal @key(fields: "teamCode") { teamCode: String! }\n`);
    const center = broken.find((source) => source.name === 'center')!;
    writeFileSync(center.schemaPath, 'type Query { tickets: [Int!]! ');
    const result = composeSupergraph(broken);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.length).toBeGreaterThanOrEqual(1);
  });

  it('rejects a field owned twice with different types', () => {
    const broken = copiedSources();
    const center = broken.find((source) => source.name === 'center')!;
    writeFileSync(center.schemaPath, readFileSync(center.schemaPath, 'utf8').replace(/type Ticket @key\(fields: "id"\) \{/, 'type Ticket @key(fields: "id") {\n  betCredit: String!'));
    const result = composeSupergraph(broken);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join('\n')).toMatch(/betCredit/);
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, createMetricsRegistry, loadConfig, type RunningService } from '@sportskk/service';
import { eventually } from '@sportskk/event-store/testing';
import { copiedSources } from './testing.ts';
import { startGatewayService } from './gateway-service.ts';

describe('the gateway reloads its supergraph when an SDL file changes', () => {
  const subgraphs = copiedSources();
  let gateway: RunningService;
  beforeAll(async () => {
    gateway = await startGatewayService({ config: loadConfig({ NODE_ENV: 'test' }), logger: createLogger('gateway', 'silent'), metrics: createMetricsRegistry('gateway'), port: 0, host: '127.0.0.1', watchSchemas: true, subgraphs });
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  const teamTotalFields = async () => {
    const response = await fetch(`${gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __type(name: "TeamTotal") { fields { name } } }' }) });
    const body = (await response.json()) as { data: { __type: { fields: Array<{ name: string }> } } };
    return body.data.__type.fields.map((field) => field.name);
  };

  it('serves a new field after the edit, and keeps the last good supergraph after a broken edit', async () => {
    expect(await teamTotalFields()).not.toContain('rank');
    const totalling = subgraphs.find((source) => source.name === 'totalling')!;
    const original = readFileSync(totalling.schemaPath, 'utf8');
    const edited = original.replace(/(type TeamTotal @key\(fields: "teamCode"\)[^{]*\{)/, '$1\n  """Place in the table."""\n  rank: Int');
    expect(edited).not.toBe(original);
    writeFileSync(totalling.schemaPath, edited);
    await eventually(async () => expect(await teamTotalFields()).toContain('rank'), 10_000, 100);
    writeFileSync(totalling.schemaPath, `${edited}\ntype Broken {`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await teamTotalFields()).toContain('rank');
  });
});

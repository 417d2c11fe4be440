import { createServer, type Server } from 'node:http';
import { createServiceTokens, generateServiceKeys, type Identity } from '@sportskk/identity';
import { createLogger } from '@sportskk/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SubgraphDataSource } from './subgraph-data-source.ts';

/** A real HTTP subgraph that answers after 100 ms (or `variables.delay`) and counts what it was asked. */
let server: Server;
const asked: string[] = [];
beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      asked.push(body);
      const { variables } = JSON.parse(body) as { variables?: { delay?: number } };
      setTimeout(() => {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ data: { ticket: { id: 't-1', status: 'APPROVED' } } }));
      }, variables?.delay ?? 100);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const { signingKeys, publicKeys } = await generateServiceKeys();
const source = (timeoutMs = 5000) =>
  new SubgraphDataSource({
    name: 'ticketing',
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`,
    tokens: createServiceTokens({
      self: 'gateway',
      keys: { signingKey: signingKeys.gateway, publicKeys },
    }),
    timeoutMs,
    logger: createLogger('test', 'silent'),
  });
const alice: Identity = { subject: 'alice', roles: ['admin'] };
const bob: Identity = { subject: 'bob', roles: ['admin'] };
const fetchFor = (
  subgraph: SubgraphDataSource,
  identity: Identity,
  operation: 'query' | 'mutation' = 'query',
  variables: Record<string, unknown> = { id: 't-1' },
) =>
  subgraph.process({
    kind: 'incoming operation',
    request: { query: 'query($id: ID!) { ticket(id: $id) { id status } }', variables },
    context: { correlationId: 'c', identity, deadline: Date.now() + 5000 },
    incomingRequestContext: { operation: { operation } },
  } as unknown as Parameters<SubgraphDataSource['process']>[0]);

describe('identical subgraph fetches in flight', () => {
  it("share one fetch for the same caller's query, each answer its own copy", async () => {
    asked.length = 0;
    const subgraph = source();
    const answers = await Promise.all(Array.from({ length: 10 }, () => fetchFor(subgraph, alice)));
    expect(asked).toHaveLength(1);
    expect(answers.every((answer) => answer.data?.ticket?.status === 'APPROVED')).toBe(true);
    expect(new Set(answers.map((answer) => answer.data)).size).toBe(10);
  });

  it('are never shared across callers, across variables, or for mutations', async () => {
    asked.length = 0;
    const subgraph = source();
    await Promise.all([
      fetchFor(subgraph, alice),
      fetchFor(subgraph, bob),
      fetchFor(subgraph, alice, 'query', { id: 't-2' }),
      fetchFor(subgraph, alice, 'mutation'),
      fetchFor(subgraph, alice, 'mutation'),
    ]);
    expect(asked).toHaveLength(5);
  });

  it("are not joined once the caller's own mutation has answered since the fetch started, through any subgraph", async () => {
    asked.length = 0;
    const subgraph = source();
    const slow = { id: 't-1', delay: 300 };
    const before = fetchFor(subgraph, alice, 'query', slow); // in flight while alice writes
    await new Promise((resolve) => setTimeout(resolve, 5));
    await fetchFor(source(), alice, 'mutation', { delay: 20 }); // through another subgraph
    const after = fetchFor(subgraph, alice, 'query', slow);
    await Promise.all([before, after]);
    expect(asked).toHaveLength(3);
  });
});

describe('a subgraph that does not answer in time', () => {
  it('is given up after the timeout: SUBGRAPH_UNAVAILABLE, retryable for a query', async () => {
    const started = Date.now();
    const error = await fetchFor(source(100), alice, 'query', { id: 't-9', delay: 1000 }).catch(
      (failure: unknown) => failure,
    );
    expect(Date.now() - started).toBeLessThan(800);
    expect(error).toMatchObject({
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', retryable: true, serviceName: 'ticketing' },
    });
  });
});

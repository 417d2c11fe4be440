import { Agent, request as httpRequest } from 'node:http';
import { GraphQLError, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentCorrelationId } from './correlation.ts';
import type { Environment } from './settings.ts';
import { createLogger } from './logger.ts';
import { createMetricsRegistry } from './metrics.ts';
import { startHttpService, type RunningService } from './http-service.ts';
import { testServiceSettings } from './testing/service-settings.ts';

const SECRET = 'connection to db.internal:5432 refused for user hunter2';
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      hello: { type: GraphQLString, resolve: () => 'world' },
      slow: {
        type: GraphQLString,
        resolve: () => new Promise((resolve) => setTimeout(() => resolve('done'), 400)),
      },
      /** The request's correlation id as the context and as code running inside the request see it. */
      correlation: {
        type: GraphQLString,
        resolve: (_, __, context: { correlationId: string }) =>
          `${context.correlationId} ${currentCorrelationId()}`,
      },
      broken: {
        type: GraphQLString,
        resolve: () => {
          throw new Error(SECRET);
        },
      },
      refused: {
        type: GraphQLString,
        resolve: () => {
          throw new GraphQLError('No such ticket', { extensions: { code: 'TICKET_NOT_FOUND' } });
        },
      },
      undocumented: {
        type: GraphQLString,
        resolve: () => {
          throw new GraphQLError(`pool: ${SECRET}`, { extensions: { code: 'ECONNREFUSED' } });
        },
      },
    },
  }),
});

type Body = {
  data?: Record<string, unknown> | null;
  errors?: Array<{
    message: string;
    path?: unknown;
    locations?: unknown;
    extensions?: Record<string, unknown>;
  }>;
};

const settings = testServiceSettings({ introspection: true });
const services = new Map<Environment, RunningService>();
const logged: Array<Record<string, unknown>> = [];
const logLines = { write: (line: string) => void logged.push(JSON.parse(line)) };
beforeAll(async () => {
  for (const environment of ['production', 'development', 'test'] as const) {
    services.set(
      environment,
      await startHttpService({
        name: `host-${environment}`,
        settings: { ...settings, environment },
        logger: createLogger(`host-${environment}`, 'error', logLines),
        metrics: createMetricsRegistry('host'),
        graphql: {
          schema,
          context: async (_request, correlationId) => ({ correlationId }),
          bodyLimitBytes: 2000,
        },
      }),
    );
  }
});
afterAll(async () => {
  for (const service of services.values()) await service.stop();
});

const post = async (
  environment: Environment,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Body; headers: Headers }> => {
  const response = await fetch(`${services.get(environment)!.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Body,
  };
};
const query = (environment: Environment, text: string, headers: Record<string, string> = {}) =>
  post(environment, JSON.stringify({ query: text }), headers);

describe('the correlation id of a request', () => {
  it("is the caller's, in the context, inside the request's work and in the answer's header", async () => {
    const { body, headers } = await query('test', '{ correlation }', {
      'x-correlation-id': 'from-gateway-1',
    });
    expect(body.data).toEqual({ correlation: 'from-gateway-1 from-gateway-1' });
    expect(headers.get('x-correlation-id')).toBe('from-gateway-1');
  });

  it('is one new id, the same everywhere, when the caller sends none or an unusable one', async () => {
    const sent: Record<string, string>[] = [{}, { 'x-correlation-id': 'two words' }];
    for (const headers of sent) {
      const { body, headers: answered } = await query('test', '{ correlation }', headers);
      const id = answered.get('x-correlation-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(body.data).toEqual({ correlation: `${id} ${id}` });
    }
  });
});

describe('GraphQL over HTTP', () => {
  it('serves a query sent with GET, its query string read, when the request cannot be a simple (CSRF) one', async () => {
    const url = `${services.get('test')!.url}/graphql?query=${encodeURIComponent('{ hello }')}`;
    const simple = await fetch(url);
    expect(simple.status).toBe(400);
    const preflighted = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(preflighted.status).toBe(200);
    expect(await preflighted.json()).toEqual({ data: { hello: 'world' } });
  });

  it('serves exactly /graphql: a path under it is not the endpoint', async () => {
    const response = await fetch(`${services.get('test')!.url}/graphql/more`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ hello }' }),
    });
    expect(response.status).toBe(404);
  });

  it('counts, times and logs each request, with its operation name and correlation id', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const metrics = createMetricsRegistry('counted');
    const service = await startHttpService({
      name: 'counted',
      settings: { ...settings, environment: 'test' },
      logger: createLogger('counted', 'info', {
        write: (line) => void lines.push(JSON.parse(line)),
      }),
      metrics,
      graphql: { schema, context: async () => ({}) },
    });
    try {
      for (const body of [
        JSON.stringify({ query: 'query Greeting { hello }', operationName: 'Greeting' }),
        '{"query": ',
      ])
        await fetch(`${service.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-correlation-id': 'counted-1' },
          body,
        });
      const text = await metrics.metrics();
      expect(text).toMatch(/http_requests_total\{[^}]*route="\/graphql",status="200"[^}]*\} 1\n/);
      expect(text).toMatch(/http_requests_total\{[^}]*route="\/graphql",status="400"[^}]*\} 1\n/);
      expect(text).toMatch(
        /http_request_duration_seconds_count\{[^}]*route="\/graphql"[^}]*\} 2\n/,
      );
      const requests = lines.filter((line) => line.msg === 'request');
      expect(requests).toEqual([
        expect.objectContaining({
          correlationId: 'counted-1',
          method: 'POST',
          path: '/graphql',
          status: 200,
          operationName: 'Greeting',
        }),
        expect.objectContaining({ correlationId: 'counted-1', path: '/graphql', status: 400 }),
      ]);
    } finally {
      await service.stop();
    }
  });
});

describe('errors a GraphQL service answers with', () => {
  it('masks an unexpected error in production: INTERNAL_SERVER_ERROR and the correlation id, nothing else', async () => {
    const { body } = await query('production', '{ hello broken }', {
      'x-correlation-id': 'masked-1',
    });
    expect(body.data).toEqual({ hello: 'world', broken: null });
    expect(body.errors).toEqual([
      {
        message: 'Internal server error',
        extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId: 'masked-1' },
      },
    ]);
    expect(JSON.stringify(body)).not.toContain('hunter2');
  });

  it('logs an unexpected error with its stack and the correlation id the client got, not a refusal', async () => {
    logged.length = 0;
    await query('production', '{ broken refused }', { 'x-correlation-id': 'logged-1' });
    expect(logged).toEqual([
      expect.objectContaining({
        level: 50,
        service: 'host-production',
        msg: 'unexpected error',
        correlationId: 'logged-1',
        path: ['broken'],
        err: expect.objectContaining({ message: SECRET, stack: expect.stringContaining('Error') }),
      }),
    ]);
  });

  it('masks an error whose code is not a documented one, in production', async () => {
    const { body } = await query('production', '{ undocumented }');
    expect(body.errors).toEqual([
      {
        message: 'Internal server error',
        extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId: expect.any(String) },
      },
    ]);
  });

  it('passes an error with a documented code in production, without a stack trace', async () => {
    const { body } = await query('production', '{ refused }');
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]).toMatchObject({
      message: 'No such ticket',
      extensions: { code: 'TICKET_NOT_FOUND' },
    });
    expect(body.errors![0]!.extensions).not.toHaveProperty('stacktrace');
  });

  it('shows the message and the stack trace in development only', async () => {
    const development = await query('development', '{ broken }');
    expect(development.body.errors![0]!.message).toBe(SECRET);
    expect(development.body.errors![0]!.extensions?.stacktrace).toEqual(expect.any(Array));
    const test = await query('test', '{ broken }');
    expect(test.body.errors![0]!.message).toBe(SECRET);
    expect(test.body.errors![0]!.extensions).not.toHaveProperty('stacktrace');
  });
});

describe('GraphQL metrics', () => {
  const scrape = async () => (await fetch(`${services.get('test')!.url}/metrics`)).text();
  const value = (text: string, pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0);

  it('count errors by code (undocumented ones as INTERNAL_SERVER_ERROR) and time requests by operation', async () => {
    const before = await scrape();
    const refused = /graphql_errors_total\{[^}]*code="TICKET_NOT_FOUND"[^}]*\} (\d+)/;
    const internal = /graphql_errors_total\{[^}]*code="INTERNAL_SERVER_ERROR"[^}]*\} (\d+)/;
    const timed =
      /graphql_request_duration_seconds_count\{[^}]*operation="Refusal",type="query"[^}]*\} (\d+)/;
    await post('test', JSON.stringify({ query: 'query Refusal { refused }' }));
    await post('test', JSON.stringify({ query: 'query Refusal { refused }' }));
    await query('test', '{ undocumented }');
    await query('test', '{ broken }');
    const after = await scrape();
    expect(value(after, refused) - value(before, refused)).toBe(2);
    expect(value(after, internal) - value(before, internal)).toBe(2);
    expect(value(after, timed) - value(before, timed)).toBe(2);
    expect(after).toMatch(
      /graphql_request_duration_seconds_count\{[^}]*operation="anonymous",type="query"/,
    );
  });

  it('keep operation names bounded: past the first 100 names seen, "other"', async () => {
    for (let i = 0; i < 101; i++)
      await post('test', JSON.stringify({ query: `query Name${i} { hello }` }));
    const text = await scrape();
    expect(text).toMatch(
      /graphql_request_duration_seconds_count\{[^}]*operation="other",type="query"/,
    );
    const names = new Set(
      [...text.matchAll(/graphql_request_duration_seconds_count\{[^}]*operation="([^"]+)"/g)].map(
        (m) => m[1],
      ),
    );
    expect(names.size).toBeLessThanOrEqual(100 + 2); // plus "other" and "anonymous"
  });
});

describe('requests a GraphQL service refuses', () => {
  it('answers a body over the limit 413 PAYLOAD_TOO_LARGE', async () => {
    const { status, body } = await query('production', `{ hello ${' '.repeat(3000)} }`);
    expect(status).toBe(413);
    expect(body.errors![0]!.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers a body that is not JSON 400 BAD_REQUEST', async () => {
    const { status, body } = await post('production', '{"query": ');
    expect(status).toBe(400);
    expect(body.errors![0]!.extensions?.code).toBe('BAD_REQUEST');
  });

  it('refuses a batch of operations', async () => {
    const batch = JSON.stringify([{ query: '{ hello }' }, { query: '{ hello }' }]);
    const { status, body } = await post('production', batch);
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
  });

  it('answers a request error 200 for application/json and 400 for application/graphql-response+json', async () => {
    const json = await query('production', '{ nope }', { accept: 'application/json' });
    expect(json.status).toBe(200);
    expect(json.body.errors![0]!.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const strict = await query('production', '{ nope }', {
      accept: 'application/graphql-response+json',
    });
    expect(strict.status).toBe(400);
    expect(strict.headers.get('content-type')).toContain('application/graphql-response+json');
  });

  it('decides the status from the media type it answers with, as the Accept header weighs them', async () => {
    const prefersJson = await query('production', '{ nope }', {
      accept: 'application/graphql-response+json;q=0.5, application/json',
    });
    expect(prefersJson.headers.get('content-type')).toContain('application/json');
    expect(prefersJson.status).toBe(200);
    const prefersGraphQL = await query('production', '{ nope }', {
      accept: 'application/json;q=0.1, application/graphql-response+json',
    });
    expect(prefersGraphQL.headers.get('content-type')).toContain(
      'application/graphql-response+json',
    );
    expect(prefersGraphQL.status).toBe(400);
  });
});

describe('stopping', () => {
  /** One keep-alive connection: every request goes over the same socket once it is open. */
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const get = (url: string, path: string, body?: string) =>
    new Promise<{ status: number; text: string; reused: boolean; connection?: string }>(
      (resolve, reject) => {
        const call = httpRequest(
          `${url}${path}`,
          {
            agent,
            method: body ? 'POST' : 'GET',
            headers: body ? { 'content-type': 'application/json' } : {},
          },
          (response) => {
            let text = '';
            response.on('data', (chunk: Buffer) => (text += chunk.toString()));
            response.on('end', () =>
              resolve({
                status: response.statusCode ?? 0,
                text,
                reused: call.reusedSocket,
                connection: response.headers.connection,
              }),
            );
          },
        );
        call.on('error', reject);
        call.end(body);
      },
    );
  const graphqlOf = (query: string) => JSON.stringify({ query });
  const draining = (shutdown: { delayMs: number; graceMs: number }) =>
    startHttpService({
      name: 'draining',
      settings: { ...settings, environment: 'test', shutdown },
      logger: createLogger('draining', 'silent'),
      metrics: createMetricsRegistry('draining'),
      graphql: { schema, context: async () => ({}) },
    });
  /** Long enough for a request sent just before to be in flight. */
  const inFlightSoon = () => new Promise((resolve) => setTimeout(resolve, 50));
  afterAll(() => agent.destroy());

  it('answers 503 on readiness for the delay while serving GraphQL in flight and anew, then closes the port', async () => {
    const service = await draining({ delayMs: 600, graceMs: 5000 });
    expect(await get(service.url, '/health/ready')).toMatchObject({ status: 200 });
    const inFlight = get(service.url, '/graphql', graphqlOf('{ slow }'));
    await inFlightSoon();
    const stopped = service.stop();
    let done = false;
    void stopped.then(() => (done = true));

    // A new connection during the delay: refused readiness, served GraphQL.
    const ready = await fetch(`${service.url}/health/ready`);
    expect({ status: ready.status, body: await ready.json() }).toEqual({
      status: 503,
      body: { status: 'stopping', service: 'draining' },
    });
    const fresh = await fetch(`${service.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: graphqlOf('{ hello }'),
    });
    expect(await fresh.json()).toEqual({ data: { hello: 'world' } });
    // The request in flight finishes, and the open connection it used still answers.
    expect(await inFlight).toMatchObject({ status: 200, text: '{"data":{"slow":"done"}}\n' });
    const onOpen = await get(service.url, '/health/ready');
    expect(onOpen).toMatchObject({ status: 503, reused: true, connection: 'close' });
    expect(done).toBe(false);

    await stopped;
    await expect(fetch(`${service.url}/health/live`)).rejects.toThrow();
  });

  it('lets a request in flight when the port closes finish within the grace period', async () => {
    const service = await draining({ delayMs: 0, graceMs: 5000 });
    const inFlight = get(service.url, '/graphql', graphqlOf('{ slow }'));
    await inFlightSoon();
    await service.stop();
    expect(await inFlight).toMatchObject({ status: 200, text: '{"data":{"slow":"done"}}\n' });
  });

  it('cuts a request still running after the grace period', async () => {
    const service = await draining({ delayMs: 0, graceMs: 100 });
    const inFlight = get(service.url, '/graphql', graphqlOf('{ slow }')).then(
      () => 'answered',
      (error: Error) => error.message,
    );
    await inFlightSoon();
    const started = Date.now();
    await service.stop();
    expect(Date.now() - started).toBeLessThan(350);
    expect(await inFlight).toBe('socket hang up');
  });
});

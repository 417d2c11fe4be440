import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentCorrelationId } from './correlation.ts';
import { startHttpService, type RunningService } from './http-service.ts';
import { internalRoutes, Refusal, type InternalCall } from './internal-routes.ts';
import { createLogger } from './logger.ts';
import { createMetricsRegistry } from './metrics.ts';
import { testServiceSettings } from './testing/service-settings.ts';

const lines: Array<Record<string, unknown>> = [];
const logger = createLogger('host', 'info', { write: (line) => void lines.push(JSON.parse(line)) });
const calls: InternalCall[] = [];
let service: RunningService;

beforeAll(async () => {
  const routes = internalRoutes(
    logger,
    [
      {
        method: 'POST',
        path: '/internal/things/:id/echo',
        handle: async (call) => {
          calls.push(call);
          return { status: 200, body: { ...call, inside: currentCorrelationId() } };
        },
      },
      {
        method: 'GET',
        path: '/internal/things/:id',
        handle: async ({ params }) => ({ status: 201, body: params }),
      },
      {
        method: 'GET',
        path: '/internal/broken',
        handle: async () => {
          throw new Error('the store is gone');
        },
      },
    ],
    {
      authenticate: async (request) => {
        const caller = request.headers.authorization;
        if (caller === 'intruder') throw new Refusal(403, 'FORBIDDEN', 'Not for you');
        if (caller === 'crash') throw new Error('the key store is gone');
        return `${caller ?? 'nobody'} ${request.method} ${request.originalUrl}`;
      },
    },
  );
  service = await startHttpService({
    name: 'host',
    settings: testServiceSettings(),
    logger,
    metrics: createMetricsRegistry('host'),
    internalRoutes: routes,
  });
});
afterAll(() => service.stop());

const send = async (
  path: string,
  init: { method?: string; body?: string; type?: string; caller?: string } = {},
) => {
  const response = await fetch(`${service.url}${path}`, {
    method: init.method ?? 'POST',
    headers: {
      'x-correlation-id': 'corr-1',
      ...(init.caller === undefined ? {} : { authorization: init.caller }),
      ...(init.body === undefined ? {} : { 'content-type': init.type ?? 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), text };
};
const json = async (...args: Parameters<typeof send>) => {
  const { status, text } = await send(...args);
  return { status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
};

describe('internal routes on Node’s own request and response', () => {
  it('hands a route its decoded parameters, its JSON body, the caller and the correlation id', async () => {
    expect(
      await json('/internal/things/a%20b/echo?x=1', { body: '{"n":1}', caller: 'ticketing' }),
    ).toEqual({
      status: 200,
      body: {
        params: { id: 'a b' },
        body: { n: 1 },
        caller: 'ticketing POST /internal/things/a%20b/echo?x=1',
        correlationId: 'corr-1',
        inside: 'corr-1',
      },
    });
    expect(await json('/internal/things/7', { method: 'GET' })).toEqual({
      status: 201,
      body: { id: '7' },
    });
    const head = await send('/internal/things/7', { method: 'HEAD' });
    expect([head.status, head.text]).toEqual([201, '']);
  });

  it('gives a POST without a JSON body none, and refuses a body that is not JSON or too large', async () => {
    calls.length = 0;
    await json('/internal/things/1/echo', { body: 'KT 10', type: 'text/plain' });
    expect(calls.map((call) => call.body)).toEqual([undefined]);
    expect(await json('/internal/things/1/echo', { body: '{"n":' })).toEqual({
      status: 400,
      body: { code: 'BAD_REQUEST', message: expect.stringMatching(/^The body could not be read/) },
    });
    const large = await json('/internal/things/1/echo', {
      body: JSON.stringify({ text: 'x'.repeat(20_000) }),
    });
    expect(large).toMatchObject({ status: 413, body: { code: 'BAD_REQUEST' } });
    expect(calls).toHaveLength(1);
  });

  it('answers 404 NOT_FOUND in JSON for another path or method under /internal, and 400 for a path it cannot decode', async () => {
    for (const [path, method] of [
      ['/internal/things/1/echo', 'GET'],
      ['/internal/things/1', 'POST'],
      ['/internal/things/1/2', 'GET'],
      ['/internal', 'GET'],
    ] as const) {
      const answer = await send(path, { method });
      expect([answer.status, answer.type], `${method} ${path}`).toEqual([
        404,
        'application/json; charset=utf-8',
      ]);
      expect(JSON.parse(answer.text)).toEqual({
        code: 'NOT_FOUND',
        message: `No internal route ${method} ${path}`,
      });
    }
    expect(await json('/internal/things/%E0%A4%A', { method: 'GET' })).toEqual({
      status: 400,
      body: { code: 'BAD_REQUEST', message: 'The path cannot be decoded' },
    });
  });

  it('answers a refusal of authenticate before any route, and 500 INTERNAL_ERROR, logged, for a failure', async () => {
    calls.length = 0;
    expect(await json('/internal/things/1/echo', { body: '{}', caller: 'intruder' })).toEqual({
      status: 403,
      body: { code: 'FORBIDDEN', message: 'Not for you' },
    });
    expect(await json('/internal/nowhere', { caller: 'intruder' })).toMatchObject({ status: 403 });
    expect(calls).toHaveLength(0);
    lines.length = 0;
    for (const [path, caller] of [
      ['/internal/broken', 'ticketing'],
      ['/internal/things/1/echo', 'crash'],
    ] as const) {
      expect(await json(path, { method: 'GET', caller })).toEqual({
        status: 500,
        body: { code: 'INTERNAL_ERROR', message: 'The call could not be handled' },
      });
    }
    expect(lines.filter((line) => line.msg === 'internal call failed')).toEqual([
      expect.objectContaining({ level: 50, path: '/internal/broken' }),
      expect.objectContaining({ level: 50, path: '/internal/things/1/echo' }),
    ]);
  });

  it('counts and logs each call as any request', async () => {
    lines.length = 0;
    await json('/internal/things/9', { method: 'GET' });
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'request',
        method: 'GET',
        path: '/internal/things/9',
        status: 201,
        correlationId: 'corr-1',
      }),
    );
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(/http_requests_total\{[^}]*route="\/internal"[^}]*status="201"/);
  });
});

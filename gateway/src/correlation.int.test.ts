import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevelopmentToken } from '@sportskk/identity';
import { createLogger, createMetricsRegistry, type RunningService } from '@sportskk/platform';
import { loadGatewayConfig } from './config.ts';
import { startGateway } from './gateway-service.ts';

/** Totalling as the gateway sees it: a real socket that answers `teamTotals` and keeps the headers it got. */
const received: IncomingHttpHeaders[] = [];
let totalling: Server;
let gateway: RunningService;
beforeAll(async () => {
  totalling = createServer((request, response) => {
    received.push(request.headers);
    request.resume().on('end', () => {
      response.setHeader('content-type', 'application/json');
      response.end(
        JSON.stringify({
          data: { teamTotals: [{ teamCode: 'KT', totalCredit: 0, ticketCount: 0 }] },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => totalling.listen(0, '127.0.0.1', resolve));
  const { port } = totalling.address() as AddressInfo;
  gateway = await startGateway({
    config: loadGatewayConfig({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      GATEWAY_PORT: '0',
      TOTALLING_URL: `http://127.0.0.1:${port}/graphql`,
    }),
    logger: createLogger('gateway', 'silent'),
    metrics: createMetricsRegistry('gateway'),
  });
});
afterAll(async () => {
  await gateway?.stop();
  totalling?.closeAllConnections();
  await new Promise((resolve) => totalling?.close(resolve));
});

const ask = async (headers: Record<string, string>) => {
  received.length = 0;
  const token = await signDevelopmentToken({ subject: 'alice', roles: ['buyer'] });
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify({ query: '{ teamTotals { teamCode totalCredit ticketCount } }' }),
  });
  const body = (await response.json()) as { errors?: unknown };
  expect(body.errors).toBeUndefined();
  expect(received).toHaveLength(1);
  return {
    answered: response.headers.get('x-correlation-id'),
    sent: received[0]!['x-correlation-id'],
  };
};

describe('the correlation id through the gateway', () => {
  it("passes the client's id on to the subgraph unchanged, and answers with it", async () => {
    expect(await ask({ 'x-correlation-id': 'my-first-bet.1:a' })).toEqual({
      answered: 'my-first-bet.1:a',
      sent: 'my-first-bet.1:a',
    });
  });

  it.each([
    ['none', {}],
    ['one that is not a short printable token', { 'x-correlation-id': 'has spaces; and more' }],
    ['one that is too long', { 'x-correlation-id': 'x'.repeat(129) }],
  ])(
    'makes one new id when the client sends %s, and uses that same id downstream',
    async (_, headers) => {
      const { answered, sent } = await ask(headers);
      expect(answered).toMatch(/^[0-9a-f-]{36}$/);
      expect(sent).toBe(answered);
    },
  );
});

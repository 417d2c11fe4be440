import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createServiceTokens, generateServiceKeys } from '@sportskk/identity';
import { createLogger, createMetricsRegistry } from '@sportskk/platform';
import type { Registry } from 'prom-client';
import {
  createHttpTotallingService,
  type GuardedTotallingService,
} from './http-totalling-service.ts';

const record = {
  ticketId: 'ticket-1',
  counted: true,
  countedAt: '2026-12-01T10:00:00.000Z',
  reversedAt: null,
};
const ticket = { ticketId: 'ticket-1', teamCode: 'KT', betCredit: 1000 };
const breaker = {
  timeoutMs: 200,
  errorThresholdPercentage: 50,
  resetTimeoutMs: 60_000,
  volumeThreshold: 3,
  rollingCountTimeoutMs: 10_000,
};
const keys = await generateServiceKeys();
const tokens = createServiceTokens({
  self: 'ticketing',
  keys: { signingKey: keys.signingKeys.ticketing, publicKeys: keys.publicKeys },
});

const open: { close(): void }[] = [];
afterEach(() => open.splice(0).forEach((resource) => resource.close()));

/** A totalling stand-in on a real socket that answers with `respond`; it records what it was sent. */
async function totallingAnswering(
  respond: (request: IncomingMessage, response: ServerResponse) => void,
) {
  const received: {
    method?: string;
    url?: string;
    authorization?: string;
    correlationId?: string;
  }[] = [];
  const server = createServer((request, response) => {
    received.push({
      method: request.method,
      url: request.url,
      authorization: request.headers.authorization,
      correlationId: request.headers['x-correlation-id'] as string | undefined,
    });
    request.resume().on('end', () => respond(request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open.push({ close: () => server.close() && server.closeAllConnections() });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

function guarded(baseUrl: string): { service: GuardedTotallingService; metrics: Registry } {
  const metrics = createMetricsRegistry('ticketing');
  const service = createHttpTotallingService({
    baseUrl,
    tokens,
    breaker,
    logger: createLogger('ticketing', 'silent'),
    metrics,
  });
  open.push(service);
  return { service, metrics };
}

const json = (status: number, body: unknown) => (_: IncomingMessage, response: ServerResponse) =>
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

async function outcomes(metrics: Registry): Promise<Record<string, number>> {
  const metric = await metrics.getSingleMetric('totalling_calls_total')!.get();
  return Object.fromEntries(
    metric.values.map((v) => [`${v.labels.operation}:${v.labels.outcome}`, v.value]),
  );
}

describe('the guarded HTTP call to totalling', () => {
  it('posts the ticket with a request-bound token and the correlation id', async () => {
    const totalling = await totallingAnswering(json(200, record));
    const { service, metrics } = guarded(totalling.url);
    await service.count(ticket, 'corr-1');
    expect(totalling.received).toEqual([
      expect.objectContaining({
        method: 'POST',
        url: '/internal/tickets/ticket-1/count',
        correlationId: 'corr-1',
        authorization: expect.stringMatching(/^Bearer ey/),
      }),
    ]);
    const token = totalling.received[0]!.authorization!.slice('Bearer '.length);
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as object;
    expect(payload).toMatchObject({
      htm: 'POST',
      htu: '/internal/tickets/ticket-1/count',
      aud: 'sportskk:totalling',
    });
    expect(await outcomes(metrics)).toEqual({ 'count:ok': 1 });
  });

  it('gives up on a totalling that never answers after its timeout, and says it timed out', async () => {
    const totalling = await totallingAnswering(() => undefined); // holds every request open
    const { service, metrics } = guarded(totalling.url);
    const started = Date.now();
    await expect(service.count(ticket, 'corr-1')).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    expect(Date.now() - started).toBeLessThan(breaker.timeoutMs * 10);
    expect(await outcomes(metrics)).toEqual({ 'count:timeout': 1 });
  });

  it('opens after repeated failures and then fails at once without calling', async () => {
    const totalling = await totallingAnswering(json(503, { code: 'UNAVAILABLE' }));
    const { service, metrics } = guarded(totalling.url);
    for (let i = 0; i < breaker.volumeThreshold; i++)
      await expect(service.count(ticket, 'corr-1')).rejects.toMatchObject({ status: 503 });
    expect(service.breakerState()).toBe('open');
    await expect(service.count(ticket, 'corr-1')).rejects.toMatchObject({ code: 'EOPENBREAKER' });
    expect(totalling.received).toHaveLength(breaker.volumeThreshold);
    expect(await outcomes(metrics)).toEqual({ 'count:error': 3, 'count:rejected_open': 1 });
  });

  it("does not count totalling's refusals (4xx) as failures: the breaker stays closed", async () => {
    const totalling = await totallingAnswering(
      json(409, { code: 'PURCHASE_MISMATCH', message: 'no' }),
    );
    const { service, metrics } = guarded(totalling.url);
    for (let i = 0; i < breaker.volumeThreshold * 3; i++)
      await expect(service.reverse(ticket, 'corr-1')).rejects.toMatchObject({ status: 409 });
    expect(service.breakerState()).toBe('closed');
    expect(totalling.received).toHaveLength(breaker.volumeThreshold * 3);
    expect(await outcomes(metrics)).toEqual({ 'reverse:refused': 9 });
  });

  it('reads whether a ticket is counted, and refuses an answer that is not a ticket record', async () => {
    const counted = await totallingAnswering(json(200, record));
    await expect(guarded(counted.url).service.isCounted('ticket-1', 'corr-1')).resolves.toBe(true);
    expect(counted.received[0]).toMatchObject({ method: 'GET', url: '/internal/tickets/ticket-1' });
    const nonsense = await totallingAnswering(json(200, { hello: 'world' }));
    await expect(guarded(nonsense.url).service.isCounted('ticket-1', 'corr-1')).rejects.toThrow(
      'not a ticket record',
    );
  });
});

import { createClient } from 'graphql-ws';
import { buildSchema } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { GOING_AWAY } from './graphql-websocket.ts';
import { startHttpService, type RunningService } from './http-service.ts';
import { createLogger } from './logger.ts';
import { createMetricsRegistry } from './metrics.ts';
import { testServiceSettings } from './testing/service-settings.ts';

const schema = buildSchema(`type Query { hello: String } type Subscription { ticks: Int }`);
const rootValue = {
  ticks: async function* () {
    for (let tick = 1; ; tick++) {
      yield { ticks: tick };
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  },
};

let service: RunningService | undefined;
afterEach(async () => service?.stop());

const start = (delayMs: number) =>
  startHttpService({
    name: 'ws-host',
    settings: testServiceSettings({ shutdown: { delayMs, graceMs: 1000 } }),
    logger: createLogger('ws-host', 'silent'),
    metrics: createMetricsRegistry('ws-host'),
    websocket: { schema, roots: { subscription: rootValue } },
  });

describe('GraphQL over WebSocket on /graphql', () => {
  it('serves graphql-ws subscriptions, and on stop sends every client away (1001) after the delay', async () => {
    service = await start(200);
    let closedWith: number | undefined;
    const client = createClient({
      url: `ws://127.0.0.1:${service.port}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      on: { closed: (event) => void (closedWith = (event as { code: number }).code) },
    });
    const ticks: number[] = [];
    const ended = new Promise<unknown>((resolve) =>
      client.subscribe<{ ticks: number }>(
        { query: 'subscription { ticks }' },
        {
          next: (result) => void ticks.push(result.data!.ticks),
          complete: () => resolve(undefined),
          error: resolve,
        },
      ),
    );
    await expect.poll(() => ticks.length).toBeGreaterThanOrEqual(3);
    const stopping = service.stop();
    service = undefined;
    const before = ticks.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ticks.length).toBeGreaterThan(before); // still served during the delay
    await stopping;
    await ended;
    expect(closedWith).toBe(GOING_AWAY);
    await client.dispose();
  });

  it('refuses upgrades on any other path', async () => {
    service = await start(0);
    const socket = new WebSocket(`ws://127.0.0.1:${service.port}/other`, 'graphql-transport-ws');
    const outcome = await new Promise<string>((resolve) => {
      socket.on('open', () => resolve('open'));
      socket.on('error', (error) => resolve(error.message));
    });
    expect(outcome).toMatch(/socket hang up|ECONNRESET/);
  });
});

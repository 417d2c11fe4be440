import { createServer } from 'node:http';
import { serveGraphQLOverWebSocket } from '@sportskk/platform';
import { startTcpProxy } from '@sportskk/testing';
import { buildSchema } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { createUpstreams } from './upstreams.ts';

const schema = buildSchema(`type Query { a: Int } type Subscription { ticks: Int }`);
const roots = {
  subscription: {
    ticks: async function* () {
      for (let tick = 1; ; tick++) {
        yield { ticks: tick };
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  },
};

const server = createServer();
const endpoint = serveGraphQLOverWebSocket(server, { schema, roots });
const listening = new Promise<number>((resolve) =>
  server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
);
afterAll(async () => {
  await endpoint.stop();
  server.close();
});

describe('upstream subscriptions', () => {
  it('notice a silent partition (pings unanswered) and break their streams', async () => {
    const proxy = await startTcpProxy(`127.0.0.1:${await listening}`);
    const upstreams = createUpstreams({ keepAliveMs: 100, pongTimeoutMs: 200 });
    const ticks: number[] = [];
    let broken: unknown;
    upstreams.subscribe(
      `http://${proxy.address}/graphql`,
      { query: 'subscription { ticks }' },
      {
        next: (result) => void ticks.push((result.data as { ticks: number }).ticks),
        complete: () => undefined,
        broken: (error) => void (broken = error ?? 'broken'),
      },
    );
    await expect.poll(() => ticks.length).toBeGreaterThanOrEqual(2);
    expect(upstreams.open()).toBe(1);
    proxy.freeze();
    await expect.poll(() => broken, { timeout: 3000 }).toBeDefined();
    expect(upstreams.open()).toBe(0);
    await upstreams.close();
    await proxy.close();
  });
});

import { randomUUID } from 'node:crypto';
import { generateServiceKeys, signDevelopmentToken, type ServiceKeys } from '@sportskk/identity';
import { serviceCallHeaders } from '@sportskk/testing';
import { SignJWT, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type GatewayConfig } from '@sportskk/gateway';
import { createLogger, createMetricsRegistry } from '@sportskk/platform';
import { startFaultProxy } from './fault-proxy.ts';
import { startSystem, type System } from './system.ts';
import { BUY, CANCEL, graphql, signedIn, testConfig, TOTALS, type TicketData } from './testing.ts';

const MUTATIONS_PER_MINUTE = 20;
const config = testConfig({
  MUTATIONS_PER_MINUTE: String(MUTATIONS_PER_MINUTE),
  LOG_LEVEL: 'warn',
});
let system: System;
let alice: Record<string, string>;
let bob: Record<string, string>;
let admin: Record<string, string>;

beforeAll(async () => {
  system = await startSystem(config);
  [alice, bob, admin] = await Promise.all([
    signedIn('alice'),
    signedIn('bob'),
    signedIn('root', 'admin'),
  ]);
});
afterAll(async () => {
  await system?.stop();
});

const gateway = (query: string, variables: Record<string, unknown>, headers = {}) =>
  graphql(system.urls.gateway, query, variables, headers);
const eventCount = async () => (await system.stores.events.readAll()).length;
const buy = async (as: Record<string, string>, teamCode = 'KT', betCredit = 10) => {
  const response = await graphql<{ buyTicket: { ticket: TicketData } }>(
    system.urls.gateway,
    BUY,
    { input: { teamCode, betCredit } },
    as,
  );
  expect(response.errors).toBeUndefined();
  return response.data!.buyTicket.ticket;
};
const MINE = '{ myTickets { totalCount edges { node { id status } } } }';
const mine = async (as: Record<string, string>) => {
  const response = await graphql<{
    myTickets: { totalCount: number; edges: Array<{ node: { id: string } }> };
  }>(system.urls.gateway, MINE, {}, as);
  expect(response.errors).toBeUndefined();
  return response.data!.myTickets.edges.map((edge) => edge.node.id);
};

describe('roles at the gateway', () => {
  it('lets a buyer buy, list and cancel their own tickets, and read the totals', async () => {
    const bought = await buy(alice, 'LG', 25);
    await expect.poll(() => mine(alice), { timeout: 10_000 }).toContain(bought.id);
    const cancelled = await gateway(CANCEL, { input: { ticketId: bought.id } }, alice);
    expect(cancelled.errors).toBeUndefined();
    const totals = await gateway(TOTALS, {}, alice);
    expect(totals.errors).toBeUndefined();
  });

  it("keeps a buyer out of another buyer's tickets: not listed, not cancellable, nothing written", async () => {
    const alices = await buy(alice);
    await expect.poll(() => mine(alice), { timeout: 10_000 }).toContain(alices.id);
    expect(await mine(bob)).not.toContain(alices.id);
    const before = await eventCount();
    for (const input of [
      { ticketId: alices.id },
      // Not even its version: a stale one would otherwise say VERSION_CONFLICT, and so that the ticket exists.
      { ticketId: alices.id, expectedVersion: 0 },
      { ticketId: alices.id, expectedVersion: 99 },
    ]) {
      const refused = await gateway(CANCEL, { input }, bob);
      expect(refused.errors?.[0]?.extensions?.code, JSON.stringify(input)).toBe('TICKET_NOT_FOUND');
      expect(refused.errors?.[0]?.message).not.toMatch(/version/);
    }
    expect(await eventCount()).toBe(before);
  });

  it.each([
    ['list every ticket', '{ tickets { totalCount } }'],
    ['read any ticket', `{ ticket(id: "${randomUUID()}") { id } }`],
    [
      'read the history of their own tickets',
      '{ myTickets { edges { node { history { type } } } } }',
    ],
  ])('refuses a buyer who would %s: 403 FORBIDDEN, no data', async (_label, query) => {
    const response = await gateway(query, {}, alice);
    expect(response.status).toBe(403);
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(response.data ?? null).toBeNull();
  });

  it("lets an admin list, read and cancel anyone's ticket, with history", async () => {
    const alices = await buy(alice, 'SS', 7);
    const listed = await gateway(
      '{ tickets { totalCount edges { node { id history { type } } } } }',
      {},
      admin,
    );
    expect(listed.errors).toBeUndefined();
    const read = await gateway(`{ ticket(id: "${alices.id}") { id status } }`, {}, admin);
    expect(read.data).toEqual({ ticket: { id: alices.id, status: 'APPROVED' } });
    const cancelled = await graphql<{ cancelTicket: { ticket: { status: string } } }>(
      system.urls.gateway,
      CANCEL,
      { input: { ticketId: alices.id } },
      admin,
    );
    expect(cancelled.data?.cancelTicket.ticket.status).toBe('CANCELLED');
  });

  it('refuses an admin who would buy (buying is for buyers): FORBIDDEN, nothing written', async () => {
    const before = await eventCount();
    const response = await gateway(BUY, { input: { teamCode: 'KT', betCredit: 1 } }, admin);
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await eventCount()).toBe(before);
  });

  it('lets anonymous callers explore the schema in development and nothing else', async () => {
    const schema = await gateway('{ __schema { queryType { name } } }', {});
    expect(schema.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const before = await eventCount();
    for (const query of [TOTALS, MINE, BUY]) {
      const response = await gateway(query, { input: { teamCode: 'KT', betCredit: 1 } });
      expect(response.status, query).toBe(401);
      expect(response.errors?.[0]?.extensions?.code, query).toBe('UNAUTHENTICATED');
      expect(response.data ?? null).toBeNull();
    }
    expect(await eventCount()).toBe(before);
  });
});

describe('bearer tokens the gateway refuses: 401 UNAUTHENTICATED with a challenge, nothing written', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const forged = async () => {
    const { privateKey } = await generateKeyPair('EdDSA');
    return new SignJWT({ scope: 'admin' })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setIssuer('https://sportskk.localhost/development')
      .setAudience('sportskk-api')
      .setSubject('mallory')
      .setExpirationTime('5m')
      .sign(privateKey);
  };
  const cases: Array<[string, () => Promise<string>]> = [
    [
      'an expired token',
      () =>
        signDevelopmentToken({
          subject: 'alice',
          roles: ['buyer'],
          issuedAt: new Date((now() - 7200) * 1000),
          ttlSeconds: 60,
        }),
    ],
    ['a token signed by another key', forged],
    [
      'a token whose payload was changed',
      async () => {
        const [header, , signature] = (
          await signDevelopmentToken({ subject: 'alice', roles: ['buyer'] })
        ).split('.');
        const payload = Buffer.from(
          JSON.stringify({ sub: 'alice', scope: 'buyer admin', exp: now() + 600 }),
        ).toString('base64url');
        return `${header}.${payload}.${signature}`;
      },
    ],
    [
      'an unsigned token (alg none)',
      async () =>
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(
          JSON.stringify({
            sub: 'mallory',
            scope: 'admin',
            iss: 'https://sportskk.localhost/development',
            aud: 'sportskk-api',
            exp: now() + 600,
          }),
        ).toString('base64url')}.`,
    ],
    ['something that is not a token', async () => 'not-a-jwt'],
  ];
  it.each(cases)('%s', async (_label, token) => {
    const before = await eventCount();
    const response = await fetch(system.urls.gateway, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await token()}` },
      body: JSON.stringify({ query: BUY, variables: { input: { teamCode: 'KT', betCredit: 1 } } }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    expect(await eventCount()).toBe(before);
  });
});

describe('calls around the gateway', () => {
  const internal = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${system.urls.totalling.replace('/graphql', '')}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  /** What `caller` sends totalling for `path` (POST), signed with its own key (or another). */
  const toTotalling = (caller: string, path: string, keys?: ServiceKeys) =>
    serviceCallHeaders({
      caller,
      callee: 'totalling',
      binding: { method: 'POST', path },
      ...(keys ? { keys } : {}),
    });
  const totalKT = async () =>
    (
      await graphql<{ teamTotal: { totalCredit: number } }>(
        system.urls.gateway,
        '{ teamTotal(teamCode: "KT") { totalCredit } }',
        {},
        alice,
      )
    ).data!.teamTotal.totalCredit;

  it.each<[string, Record<string, string>]>([
    ['no token, as any client', {}],
    ['an x-actor header', { 'x-actor': 'alice' }],
    ["a client's own bearer token", { authorization: 'Bearer will-be-replaced' }],
  ])('refuses GraphQL sent straight to a subgraph with %s', async (_label, headers) => {
    const sent =
      headers.authorization === undefined
        ? headers
        : { ...headers, ...(await signedIn('root', 'admin')) };
    const before = await eventCount();
    for (const url of [system.urls.ticketing, system.urls.totalling, system.urls.center]) {
      const response = await graphql(
        url,
        'mutation { buyTicket(input: { teamCode: "KT", betCredit: 5 }) { ticket { id } } }',
        {},
        sent,
      );
      expect(response.status, url).toBe(401);
      expect(response.errors?.[0]?.extensions?.code, url).toBe('UNAUTHENTICATED');
    }
    expect(await eventCount()).toBe(before);
  });

  it("refuses a forged count at totalling's internal endpoint and changes no total", async () => {
    const before = await totalKT();
    const forgedCount = { teamCode: 'KT', betCredit: 5_000_000 };
    const path = `/internal/tickets/${randomUUID()}/count`;
    const noToken = await internal(path, forgedCount);
    expect(noToken.status).toBe(401);
    const fromGateway = await internal(path, forgedCount, await toTotalling('gateway', path));
    expect(fromGateway.status).toBe(403);
    const stranger = await generateServiceKeys();
    const otherKey = await internal(
      path,
      forgedCount,
      await toTotalling('ticketing', path, {
        signingKey: stranger.signingKeys.ticketing,
        publicKeys: stranger.publicKeys,
      }),
    );
    expect(otherKey.status).toBe(401);
    // Even with ticketing's own credentials: the log holds no such purchase.
    const asTicketing = await internal(path, forgedCount, await toTotalling('ticketing', path));
    expect(asTicketing.status).toBe(409);
    expect(((await asTicketing.json()) as { code: string }).code).toBe('PURCHASE_NOT_FOUND');
    expect(await totalKT()).toBe(before);
  });

  it('refuses a count with another stake than the purchase, even from ticketing', async () => {
    const bought = await buy(bob, 'KT', 30);
    const before = await totalKT();
    const path = `/internal/tickets/${bought.id}/count`;
    const response = await internal(
      path,
      { teamCode: 'KT', betCredit: 3_000_000 },
      await toTotalling('ticketing', path),
    );
    expect(response.status).toBe(409);
    expect(((await response.json()) as { code: string }).code).toBe('PURCHASE_MISMATCH');
    expect(await totalKT()).toBe(before);
  });
});

describe('limits at the gateway', () => {
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(system.urls.gateway, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...alice, ...headers },
      body,
    });

  it.each([
    [
      '3,000 aliases of teamTotals',
      `{ ${Array.from({ length: 3000 }, (_, i) => `t${i}: teamTotals { teamCode }`).join(' ')} }`,
      'TOO_MANY_TOKENS',
    ],
    [
      '11 aliases',
      `{ teamTotals { ${Array.from({ length: 11 }, (_, i) => `a${i}: teamCode`).join(' ')} } }`,
      'TOO_MANY_ALIASES',
    ],
    ['11 root fields', `{ ${'teamTotals { teamCode } '.repeat(11)} }`, 'TOO_MANY_ROOT_FIELDS'],
    [
      '21 directives',
      `{ teamTotals { ${'teamCode @include(if: true) '.repeat(21)} } }`,
      'TOO_MANY_DIRECTIVES',
    ],
  ])('refuses %s with its code (200 for application/json), fast', async (_label, query, code) => {
    const started = performance.now();
    const response = await gateway(query, {}, alice);
    expect(response.status).toBe(200);
    expect(response.errors?.[0]?.extensions?.code).toBe(code);
    expect(response.data ?? null).toBeNull();
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('answers a body over the limit 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await post(
      JSON.stringify({ query: `{ teamTotals { teamCode } }${' '.repeat(200_000)}` }),
    );
    expect(response.status).toBe(413);
    const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(body.errors[0]!.extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses a batch of operations, running none', async () => {
    const before = await eventCount();
    const operation = { query: BUY, variables: { input: { teamCode: 'KT', betCredit: 1 } } };
    const response = await post(JSON.stringify([operation, operation]));
    expect(response.status).toBe(400);
    expect(await eventCount()).toBe(before);
  });

  it('limits mutations per caller: RATE_LIMITED, 429 with retry-after, nothing written; others go on', async () => {
    const hasty = await signedIn('hasty');
    for (let i = 0; i < MUTATIONS_PER_MINUTE; i++) await buy(hasty, 'AA', 1);
    const before = await eventCount();
    const response = await fetch(system.urls.gateway, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...hasty },
      body: JSON.stringify({ query: BUY, variables: { input: { teamCode: 'AA', betCredit: 1 } } }),
    });
    expect(response.status).toBe(429);
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = (await response.json()) as {
      errors: Array<{ extensions: { code: string; retryAfterSeconds: number } }>;
    };
    expect(body.errors[0]!.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: retryAfter,
    });
    expect(await eventCount()).toBe(before);
    // Queries are not limited, and another caller still buys.
    expect((await gateway(TOTALS, {}, hasty)).errors).toBeUndefined();
    await buy(await signedIn('patient'), 'AA', 1);
  });

  it('counts every mutation of an operation against the rate, so aliases do not multiply it', async () => {
    const aliaser = await signedIn('aliaser');
    const tenBuys = `mutation { ${Array.from(
      { length: 10 },
      (_, i) =>
        `b${i}: buyTicket(input: { teamCode: "LG", betCredit: ${i + 1} }) { ticket { id } }`,
    ).join(' ')} }`;
    for (let i = 0; i < MUTATIONS_PER_MINUTE / 10; i++)
      expect((await gateway(tenBuys, {}, aliaser)).errors).toBeUndefined();
    const before = await eventCount();
    const refused = await gateway(tenBuys, {}, aliaser);
    expect(refused.status).toBe(429);
    expect(refused.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(await eventCount()).toBe(before);
  });

  it('answers SUBGRAPH_UNAVAILABLE while a subgraph is down: retryable for a query, not for a mutation', async () => {
    await system.totalling.stop();
    try {
      const response = await gateway(TOTALS, {}, alice);
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: 'SUBGRAPH_UNAVAILABLE',
        retryable: true,
      });
      // The purchase is made (ticketing is up); only the totalling part of the answer fails.
      const before = await eventCount();
      const bought = await gateway(
        'mutation { buyTicket(input: { teamCode: "AA", betCredit: 3 }) { ticket { id totalling { counted } } } }',
        {},
        alice,
      );
      expect(bought.errors?.[0]?.extensions).toMatchObject({
        code: 'SUBGRAPH_UNAVAILABLE',
        retryable: false,
      });
      expect(await eventCount()).toBeGreaterThan(before);
    } finally {
      await system.totalling.start();
    }
    expect((await gateway(TOTALS, {}, alice)).errors).toBeUndefined();
  });
});

describe("the gateway's own troubles are not the caller's", () => {
  const secondGateway = async (change: (gateway: GatewayConfig) => GatewayConfig) => {
    const subgraphUrls = {
      ticketing: system.urls.ticketing,
      totalling: system.urls.totalling,
      center: system.urls.center,
    };
    return startGateway({
      config: change({ ...config.gateway, subgraphUrls }),
      logger: createLogger('gateway', 'silent'),
      metrics: createMetricsRegistry('gateway'),
    });
  };

  it('answers SUBGRAPH_UNAVAILABLE at the request deadline when a subgraph hangs, and tells a query it may retry', async () => {
    const centerUrl = new URL(system.urls.center);
    const proxy = await startFaultProxy({ host: '127.0.0.1', port: Number(centerUrl.port) });
    const gateway = await secondGateway((base) => ({
      ...base,
      subgraphUrls: { ...base.subgraphUrls, center: `http://127.0.0.1:${proxy.port}/graphql` },
      limits: { ...base.limits, requestTimeoutMs: 300 },
    }));
    try {
      void proxy.holdNext((method) => method === 'POST');
      const started = performance.now();
      const response = await graphql(`${gateway.url}/graphql`, MINE, {}, alice);
      expect(performance.now() - started).toBeLessThan(3000);
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: 'SUBGRAPH_UNAVAILABLE',
        retryable: true,
      });
    } finally {
      await gateway.stop();
      await proxy.close();
    }
  });

  it("answers INTERNAL_SERVER_ERROR, not UNAUTHENTICATED, when subgraphs refuse the gateway's key", async () => {
    const stranger = await generateServiceKeys();
    const gateway = await secondGateway((base) => ({
      ...base,
      serviceKeys: { signingKey: stranger.signingKeys.gateway, publicKeys: stranger.publicKeys },
    }));
    try {
      const response = await graphql(`${gateway.url}/graphql`, TOTALS, {}, alice);
      expect(response.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await gateway.stop();
    }
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, logCollector } from '@sportskk/testing';
import { startSystem, type System } from './system.ts';
import {
  BUY,
  CANCEL,
  graphql,
  signedIn,
  testConfig,
  TICKET,
  TOTALS,
  totalsImpliedByEvents,
  type TicketData,
} from './testing.ts';

let system: System;
const logs = logCollector();
let alice: Record<string, string>;
let admin: Record<string, string>;

beforeAll(async () => {
  system = await startSystem(testConfig(), { logDestination: logs.stream });
  alice = await signedIn('alice');
  admin = await signedIn('root', 'admin');
});
afterAll(async () => {
  await system?.stop();
});

type Totals = { teamTotals: Array<{ teamCode: string; totalCredit: number; ticketCount: number }> };
const buy = (input: Record<string, unknown>, headers: Record<string, string> = {}) =>
  graphql<{ buyTicket: { ticket: TicketData } }>(
    system.urls.gateway,
    BUY,
    { input },
    { ...alice, ...headers },
  );

async function expectTotalsMatchEvents() {
  await eventually(
    async () => {
      const implied = await totalsImpliedByEvents(system.stores.events);
      const { data } = await graphql<Totals>(system.urls.gateway, TOTALS, {}, alice);
      for (const team of data!.teamTotals) {
        expect(team, team.teamCode).toEqual({
          teamCode: team.teamCode,
          ...(implied.get(team.teamCode) ?? { totalCredit: 0, ticketCount: 0 }),
        });
      }
    },
    20_000,
    50,
  );
}

describe('a purchase through the gateway', () => {
  it('lists every configured team with zeros before any bet', async () => {
    const { data } = await graphql<Totals>(system.urls.gateway, TOTALS, {}, alice);
    expect(data!.teamTotals).toEqual(
      ['KT', 'AA', 'LG', 'SS'].map((teamCode) => ({ teamCode, totalCredit: 0, ticketCount: 0 })),
    );
  });

  it('buys an APPROVED ticket, and one query crosses all three subgraphs', async () => {
    const correlationId = `buy-${randomUUID()}`;
    const bought = await buy(
      { teamCode: 'KT', betCredit: 1500 },
      { 'x-correlation-id': correlationId },
    );
    expect(bought.errors).toBeUndefined();
    const ticket = bought.data!.buyTicket.ticket;
    expect(ticket).toMatchObject({
      status: 'APPROVED',
      teamCode: 'KT',
      betCredit: 1500,
      version: 1,
    });

    await eventually(async () => {
      const { data, errors } = await graphql<{ ticket: Record<string, unknown> }>(
        system.urls.gateway,
        TICKET,
        { id: ticket.id },
        admin,
      );
      expect(errors).toBeUndefined();
      expect(data!.ticket).toMatchObject({
        id: ticket.id,
        status: 'APPROVED',
        betCredit: 1500,
        totalling: { counted: true },
        history: [
          { type: 'TicketPurchased', version: 0, correlationId },
          { type: 'TicketApproved', version: 1, correlationId },
        ],
      });
    });
    await expectTotalsMatchEvents();

    // The approval process manager asks about the purchase once its grace period (1 s) has passed.
    await eventually(() => {
      const services = new Set(
        logs.lines
          .filter((line) => line.correlationId === correlationId)
          .map((line) => line.service),
      );
      expect([...services].sort()).toEqual(
        expect.arrayContaining(['gateway', 'projections', 'ticketing', 'totalling']),
      );
    }, 10_000);
  });

  it('cancels: CANCELLED at once, reversed in the totals, a second cancel refused', async () => {
    const ticket = (await buy({ teamCode: 'LG', betCredit: 300 })).data!.buyTicket.ticket;
    const cancelled = await graphql<{
      cancelTicket: { ticket: { status: string; version: number } };
    }>(
      system.urls.gateway,
      CANCEL,
      { input: { ticketId: ticket.id, expectedVersion: ticket.version } },
      alice,
    );
    expect(cancelled.errors).toBeUndefined();
    expect(cancelled.data!.cancelTicket.ticket).toMatchObject({ status: 'CANCELLED', version: 2 });
    const again = await graphql(
      system.urls.gateway,
      CANCEL,
      { input: { ticketId: ticket.id } },
      alice,
    );
    expect(again.errors?.[0]?.extensions?.code).toBe('TICKET_ALREADY_CANCELLED');
    await eventually(async () => {
      const { data } = await graphql<{
        ticket: { totalling: { counted: boolean }; history: unknown[] };
      }>(system.urls.gateway, TICKET, { id: ticket.id }, admin);
      expect(data!.ticket.totalling.counted).toBe(false);
      expect(data!.ticket.history).toHaveLength(3);
    });
    await expectTotalsMatchEvents();
  });

  it('keeps 200 concurrent purchases over 4 teams: no event lost, totals exact', async () => {
    const teams = ['KT', 'AA', 'LG', 'SS'];
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        buy({ teamCode: teams[i % 4], betCredit: 1 + (i % 7) * 100 }),
      ),
    );
    expect(results.filter((r) => r.errors)).toEqual([]);
    const ids = new Set(results.map((r) => r.data!.buyTicket.ticket.id));
    expect(ids.size).toBe(200);
    const purchases = await system.stores.events.readAll({
      filter: { streamPrefixes: ['ticket-'], eventTypes: ['TicketPurchased'] },
    });
    for (const id of ids)
      expect(
        purchases.some((event) => event.data.ticketId === id),
        id,
      ).toBe(true);
    await expectTotalsMatchEvents();
  });
});

describe('bad input is refused with a stable code and writes nothing', () => {
  const cases: Array<[string, string, Record<string, unknown>, string]> = [
    ['an unknown team', BUY, { input: { teamCode: 'XX', betCredit: 10 } }, 'UNKNOWN_TEAM'],
    ['a zero stake', BUY, { input: { teamCode: 'KT', betCredit: 0 } }, 'INVALID_BET_CREDIT'],
    ['a negative stake', BUY, { input: { teamCode: 'KT', betCredit: -10 } }, 'INVALID_BET_CREDIT'],
    [
      'a stake above the limit',
      BUY,
      { input: { teamCode: 'KT', betCredit: 10_000_001 } },
      'BET_CREDIT_TOO_HIGH',
    ],
    ['a fractional stake', BUY, { input: { teamCode: 'KT', betCredit: 1.5 } }, 'BAD_USER_INPUT'],
    ['a missing team', BUY, { input: { betCredit: 10 } }, 'BAD_USER_INPUT'],
    ['an unknown ticket', CANCEL, { input: { ticketId: randomUUID() } }, 'TICKET_NOT_FOUND'],
  ];
  it.each(cases)('%s', async (_label, operation, variables, code) => {
    const before = (await system.stores.events.readAll()).length;
    const response = await graphql(system.urls.gateway, operation, variables, alice);
    expect(response.errors?.[0]?.extensions?.code).toBe(code);
    expect((await system.stores.events.readAll()).length).toBe(before);
  });

  it('a stale expectedVersion', async () => {
    const ticket = (await buy({ teamCode: 'SS', betCredit: 5 })).data!.buyTicket.ticket;
    const before = (await system.stores.events.readAll()).length;
    const response = await graphql(
      system.urls.gateway,
      CANCEL,
      { input: { ticketId: ticket.id, expectedVersion: 0 } },
      alice,
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('VERSION_CONFLICT');
    expect((await system.stores.events.readAll()).length).toBe(before);
  });
});

describe('GraphQL over HTTP at the gateway', () => {
  const post = (query: string, accept?: string, variables: Record<string, unknown> = {}) =>
    fetch(system.urls.gateway, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...alice, ...(accept ? { accept } : {}) },
      body: JSON.stringify({ query, variables }),
    });
  const requestErrors: Array<[string, string, Record<string, unknown>, string]> = [
    ['an unparsable document', '{ teamTotals ', {}, 'GRAPHQL_PARSE_FAILED'],
    ['an invalid document', '{ teamTotals { nope } }', {}, 'GRAPHQL_VALIDATION_FAILED'],
    [
      'a variable of the wrong type',
      BUY,
      { input: { teamCode: 'KT', betCredit: 'ten' } },
      'BAD_USER_INPUT',
    ],
  ];
  it.each(requestErrors)(
    'answers %s with 400 for application/graphql-response+json and 200 with errors for application/json',
    async (_label, query, variables, code) => {
      const strict = await post(query, 'application/graphql-response+json', variables);
      expect(strict.status).toBe(400);
      expect(strict.headers.get('content-type')).toContain('application/graphql-response+json');
      const legacy = await post(query, 'application/json', variables);
      expect(legacy.status).toBe(200);
      expect(legacy.headers.get('content-type')).toContain('application/json');
      const body = (await legacy.json()) as {
        data?: unknown;
        errors: Array<{ extensions: { code: string } }>;
      };
      expect(body.errors[0]!.extensions.code).toBe(code);
      expect(body.data).toBeUndefined();
      // No Accept header: application/json, as the spec says for legacy clients.
      expect((await post(query, undefined, variables)).status).toBe(200);
    },
  );

  it('answers a good request 200 in either media type', async () => {
    const ok = await post(TOTALS, 'application/graphql-response+json');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toContain('application/graphql-response+json');
  });

  it('refuses a simple (CSRF-able) request', async () => {
    const response = await fetch(`${system.urls.gateway}?query=${encodeURIComponent(TOTALS)}`);
    expect(response.status).toBe(400);
  });

  it('serves health and metrics on every service', async () => {
    for (const url of [
      system.urls.gateway,
      system.urls.ticketing,
      system.urls.totalling,
      system.urls.center,
    ]
      .map((u) => u.replace('/graphql', ''))
      .concat(system.urls.projections)) {
      expect((await fetch(`${url}/health/live`)).status, url).toBe(200);
      expect((await fetch(`${url}/health/ready`)).status, url).toBe(200);
      expect(await (await fetch(`${url}/metrics`)).text(), url).toContain('# HELP');
    }
    expect(
      await (await fetch(system.urls.ticketing.replace('/graphql', '/metrics'))).text(),
    ).toContain('totalling_breaker_state');
  });
});

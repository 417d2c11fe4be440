import { serviceCallHeaders, subgraphGraphQL } from '@sportskk/testing';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { ticketStream, type TicketToTotal } from '@sportskk/contracts';
import { createInMemoryEventStore, type EventStore } from '@sportskk/event-store';
import { generateServiceKeys, type Identity, type RequestBinding } from '@sportskk/identity';
import { createLogger, createMetricsRegistry, type RunningService } from '@sportskk/platform';
import { loadTotallingConfig } from './config.ts';
import {
  aTicket,
  databasesUnderTest,
  recordOf,
  type OpenedTotallingStore,
} from './testing/databases.ts';
import type { TotallingStore } from './ports/totalling-store.ts';
import { createEventStoreTicketLog } from './adapters/event-log/event-store-ticket-log.ts';
import { startTotalling } from './service.ts';

const config = loadTotallingConfig({
  NODE_ENV: 'test',
  TEAMS: 'KT,AA,LG,SS',
  MAX_BET_CREDIT: '1000',
  TOTALLING_PORT: '0',
  HOST: '127.0.0.1',
});

/** A logger whose JSON lines the test can read. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write: (chunk: Buffer, _encoding, done) => (
      lines.push(JSON.parse(chunk.toString('utf8'))),
      done()
    ),
  });
  return { lines, logger: createLogger('totalling', 'info', destination) };
}

/** What `caller` sends totalling: for the end user, and bound to one request, if given. */
const bearer = (caller: string, call: { identity?: Identity; binding?: RequestBinding } = {}) =>
  serviceCallHeaders({ caller, callee: 'totalling', ...call });
const post = (path: string) => ({ binding: { method: 'POST', path } });
const at = '2026-01-01T11:00:00.000Z';
const metadata = { correlationId: 'log', schemaVersion: 2 };

/** The event log as ticketing would have written it, for the calls to be checked against. */
function ticketLog(events: EventStore) {
  return {
    async bought(ticket: TicketToTotal) {
      const data = { ...ticket, buyerId: 'alice', purchasedAt: at };
      await events.appendToStream(ticketStream(ticket.ticketId), [
        { id: randomUUID(), type: 'TicketPurchased', data, metadata },
      ]);
      return ticket;
    },
    async cancelled(ticket: TicketToTotal) {
      const data = { ...ticket, cancelledAt: at };
      await events.appendToStream(ticketStream(ticket.ticketId), [
        { id: randomUUID(), type: 'TicketCancelled', data, metadata },
      ]);
      return ticket;
    },
  };
}

async function start(
  store: TotallingStore,
  logger = capturedLogger().logger,
): Promise<{ running: RunningService; base: string; log: ReturnType<typeof ticketLog> }> {
  const clock = () => new Date('2026-01-01T12:00:00.000Z');
  // The calls are checked against a log of their own, so that the projection (following an empty one) does not count first.
  const events = createInMemoryEventStore();
  const running = await startTotalling({
    config,
    store,
    events: createInMemoryEventStore(),
    log: createEventStoreTicketLog(events),
    logger,
    metrics: createMetricsRegistry('totalling'),
    clock,
  });
  return { running, base: `http://127.0.0.1:${running.port}`, log: ticketLog(events) };
}

function client(base: () => string) {
  return {
    async internal(
      operation: string,
      ticketId: string,
      body: unknown,
      headers: Record<string, string> = {},
    ) {
      const path = `/internal/tickets/${encodeURIComponent(ticketId)}/${operation}`;
      const response = await fetch(`${base()}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(await bearer('ticketing', post(path))),
          ...headers,
        },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    async graphql(query: string, variables: Record<string, unknown> = {}) {
      const {
        status: _status,
        contentType: _type,
        ...body
      } = await subgraphGraphQL(`${base()}/graphql`, query, variables, {
        callee: 'totalling',
        identity: { subject: 'alice', roles: ['buyer'] },
      });
      return body;
    },
  };
}

for (const database of databasesUnderTest('totalling service over HTTP')) {
  describe.skipIf(database.skip)(`totalling service on ${database.name}`, () => {
    let opened: OpenedTotallingStore;
    let service: Awaited<ReturnType<typeof start>>;
    const log = capturedLogger();
    const call = client(() => service.base);
    beforeAll(async () => {
      opened = await database.open();
      service = await start(opened.store, log.logger);
    });
    afterAll(async () => {
      await service?.running.stop();
      await opened?.close();
    });
    const totals = () => opened.store.teamTotals(config.rules.teams);

    it('lists every configured team in config order, with zeros before any bet', async () => {
      const result = await call.graphql('{ teamTotals { teamCode totalCredit ticketCount } }');
      expect(result).toEqual({
        data: {
          teamTotals: ['KT', 'AA', 'LG', 'SS'].map((teamCode) => ({
            teamCode,
            totalCredit: 0,
            ticketCount: 0,
          })),
        },
      });
    });

    it('counts a ticket once over HTTP and logs each call with its correlation id', async () => {
      const ticket = await service.log.bought(aTicket({ teamCode: 'LG', betCredit: 700 }));
      const body = { teamCode: 'LG', betCredit: 700 };
      const first = await call.internal('count', ticket.ticketId, body, {
        'x-correlation-id': 'corr-count-1',
      });
      expect(first).toEqual({
        status: 200,
        body: {
          ticketId: ticket.ticketId,
          counted: true,
          countedAt: '2026-01-01T12:00:00.000Z',
          reversedAt: null,
        },
      });
      expect(await call.internal('count', ticket.ticketId, body)).toEqual(first);
      expect((await totals())[2]).toEqual({ teamCode: 'LG', totalCredit: 700, ticketCount: 1 });
      expect(log.lines).toContainEqual(
        expect.objectContaining({
          correlationId: 'corr-count-1',
          ticketId: ticket.ticketId,
          operation: 'count',
          effect: 'counted',
        }),
      );

      const result = await call.graphql(
        'query ($team: String!) { teamTotal(teamCode: $team) { teamCode totalCredit ticketCount } }',
        { team: 'LG' },
      );
      expect(result).toEqual({
        data: { teamTotal: { teamCode: 'LG', totalCredit: 700, ticketCount: 1 } },
      });
    });

    it('reverses over HTTP, before or after the count', async () => {
      const counted = await service.log.bought(aTicket({ teamCode: 'SS', betCredit: 30 }));
      await call.internal('count', counted.ticketId, { teamCode: 'SS', betCredit: 30 });
      await service.log.cancelled(counted);
      const reversed = await call.internal('reverse', counted.ticketId, {
        teamCode: 'SS',
        betCredit: 30,
      });
      expect(reversed).toEqual({
        status: 200,
        body: {
          ticketId: counted.ticketId,
          counted: false,
          countedAt: '2026-01-01T12:00:00.000Z',
          reversedAt: '2026-01-01T12:00:00.000Z',
        },
      });
      const early = await service.log.cancelled(
        await service.log.bought(aTicket({ teamCode: 'SS', betCredit: 30 })),
      );
      expect(
        (await call.internal('reverse', early.ticketId, { teamCode: 'SS', betCredit: 30 })).body,
      ).toMatchObject({ counted: false, countedAt: null });
      expect(
        (await call.internal('count', early.ticketId, { teamCode: 'SS', betCredit: 30 })).body,
      ).toMatchObject({ counted: false, countedAt: null });
      expect((await totals())[3]).toEqual({ teamCode: 'SS', totalCredit: 0, ticketCount: 0 });
    });

    it.each([
      ['UNKNOWN_TEAM', 'count', { teamCode: 'ZZ', betCredit: 10 }],
      ['UNKNOWN_TEAM', 'reverse', { teamCode: 'kt', betCredit: 10 }],
      ['INVALID_BET_CREDIT', 'count', { teamCode: 'KT', betCredit: 0 }],
      ['INVALID_BET_CREDIT', 'count', { teamCode: 'KT', betCredit: -3 }],
      ['BET_CREDIT_TOO_HIGH', 'count', { teamCode: 'KT', betCredit: 1001 }],
      ['INVALID_BET_CREDIT', 'count', { teamCode: 'KT', betCredit: 2.5 }],
      ['INVALID_BET_CREDIT', 'reverse', { teamCode: 'KT', betCredit: '10' }],
      ['BAD_REQUEST', 'count', { betCredit: 10 }],
      ['BAD_REQUEST', 'count', { teamCode: 'KT' }],
      ['BAD_REQUEST', 'count', [{ teamCode: 'KT', betCredit: 10 }]],
      ['BAD_REQUEST', 'count', '{"teamCode": "KT", "betCredit": 10'],
      ['BAD_REQUEST', 'reverse', 'null'],
    ])('answers 400 %s to a bad %s and writes nothing', async (code, operation, body) => {
      const before = await totals();
      const ticket = aTicket();
      const answer = await call.internal(operation, ticket.ticketId, body);
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ code, message: expect.any(String) });
      expect(await recordOf(opened.store, ticket.ticketId)).toBeUndefined();
      expect(await totals()).toEqual(before);
    });

    it('answers 400 BAD_REQUEST to a ticket id that is not a UUID and to a body that is not JSON', async () => {
      for (const ticketId of ['x'.repeat(101), 't-1', 'ünï']) {
        const refused = await call.internal('count', ticketId, { teamCode: 'KT', betCredit: 10 });
        expect(refused, ticketId).toEqual({
          status: 400,
          body: { code: 'BAD_REQUEST', message: expect.stringMatching(/ticketId/) },
        });
      }
      const ticket = aTicket();
      const path = `/internal/tickets/${ticket.ticketId}/count`;
      const response = await fetch(`${service.base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', ...(await bearer('ticketing', post(path))) },
        body: 'KT 10',
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'BAD_REQUEST' });
      expect(await recordOf(opened.store, ticket.ticketId)).toBeUndefined();
    });

    it("reads a ticket's record: counted, reversed, or never seen", async () => {
      const counted = await service.log.bought(aTicket({ teamCode: 'KT', betCredit: 12 }));
      await call.internal('count', counted.ticketId, { teamCode: 'KT', betCredit: 12 });
      const read = async (ticketId: string) => {
        const path = `/internal/tickets/${ticketId}`;
        const response = await fetch(`${service.base}${path}`, {
          headers: await bearer('ticketing', { binding: { method: 'GET', path } }),
        });
        return { status: response.status, body: (await response.json()) as unknown };
      };
      expect(await read(counted.ticketId)).toEqual({
        status: 200,
        body: {
          ticketId: counted.ticketId,
          counted: true,
          countedAt: '2026-01-01T12:00:00.000Z',
          reversedAt: null,
        },
      });
      const unseen = aTicket().ticketId;
      expect(await read(unseen)).toEqual({
        status: 200,
        body: { ticketId: unseen, counted: false, countedAt: null, reversedAt: null },
      });
      expect(await read('t-1')).toEqual({
        status: 400,
        body: { code: 'BAD_REQUEST', message: expect.stringMatching(/ticketId/) },
      });
    });

    it('answers 404 in JSON for an unknown internal route', async () => {
      const { ticketId } = aTicket();
      const approve = `/internal/tickets/${ticketId}/approve`;
      const response = await fetch(`${service.base}${approve}`, {
        method: 'POST',
        headers: await bearer('ticketing', post(approve)),
      });
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ code: 'NOT_FOUND' });
      const count = `/internal/tickets/${ticketId}/count`;
      const headers = await bearer('ticketing', { binding: { method: 'GET', path: count } });
      expect((await fetch(`${service.base}${count}`, { headers })).status).toBe(404);
    });

    it.each([
      [
        'a ticket never purchased',
        false,
        'count',
        { teamCode: 'KT', betCredit: 5 },
        'PURCHASE_NOT_FOUND',
      ],
      [
        'a stake other than the one bought',
        true,
        'count',
        { teamCode: 'KT', betCredit: 9 },
        'PURCHASE_MISMATCH',
      ],
      [
        'a team other than the one bought',
        true,
        'count',
        { teamCode: 'AA', betCredit: 5 },
        'PURCHASE_MISMATCH',
      ],
      [
        'the reversal of a ticket not cancelled',
        true,
        'reverse',
        { teamCode: 'KT', betCredit: 5 },
        'CANCELLATION_NOT_FOUND',
      ],
    ] as const)(
      'refuses %s with 409 and its code, changing nothing',
      async (_label, bought, operation, body, code) => {
        const ticket = aTicket({ teamCode: 'KT', betCredit: 5 });
        if (bought) await service.log.bought(ticket);
        const before = await totals();
        expect(await call.internal(operation, ticket.ticketId, body)).toEqual({
          status: 409,
          body: { code, message: expect.any(String) },
        });
        expect(await recordOf(opened.store, ticket.ticketId)).toBeUndefined();
        expect(await totals()).toEqual(before);
      },
    );

    it('refuses calls that do not come from ticketing, and GraphQL that does not come from the gateway', async () => {
      const ticket = await service.log.bought(aTicket({ teamCode: 'KT', betCredit: 6 }));
      const body = { teamCode: 'KT', betCredit: 6 };
      expect(
        await call.internal('count', ticket.ticketId, body, { authorization: '' }),
      ).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
      const path = `/internal/tickets/${ticket.ticketId}/count`;
      for (const caller of ['gateway', 'projections'])
        expect(
          await call.internal('count', ticket.ticketId, body, await bearer(caller, post(path))),
        ).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
      // Ticketing's token for another request (another ticket, or a reversal) counts nothing here.
      for (const other of [
        `/internal/tickets/${aTicket().ticketId}/count`,
        `/internal/tickets/${ticket.ticketId}/reverse`,
      ])
        expect(
          await call.internal(
            'count',
            ticket.ticketId,
            body,
            await bearer('ticketing', post(other)),
          ),
        ).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
      // A key no service has, claiming to be ticketing.
      const stranger = await generateServiceKeys();
      expect(
        await call.internal(
          'count',
          ticket.ticketId,
          body,
          await serviceCallHeaders({
            caller: 'ticketing',
            callee: 'totalling',
            ...post(path),
            keys: { signingKey: stranger.signingKeys.ticketing, publicKeys: stranger.publicKeys },
          }),
        ),
      ).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
      expect(await recordOf(opened.store, ticket.ticketId)).toBeUndefined();
      const anonymous = await fetch(`${service.base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ teamTotals { teamCode } }' }),
      });
      expect(anonymous.status).toBe(401);
      const withoutUser = await subgraphGraphQL(
        `${service.base}/graphql`,
        '{ teamTotals { teamCode } }',
        {},
        { callee: 'totalling' },
      );
      expect(withoutUser.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect((await fetch(`${service.base}/health/ready`)).status).toBe(200);
    });

    it('answers UNKNOWN_TEAM for the totals of a team that is not configured', async () => {
      const result = await call.graphql('{ teamTotal(teamCode: "ZZ") { teamCode } }');
      expect(result.data).toEqual({ teamTotal: null });
      expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['UNKNOWN_TEAM']);
    });

    it('resolves Ticket and TeamTotal references for the gateway', async () => {
      const counted = await service.log.bought(aTicket({ teamCode: 'AA', betCredit: 5 }));
      const reversed = await service.log.cancelled(
        await service.log.bought(aTicket({ teamCode: 'AA', betCredit: 5 })),
      );
      await call.internal('count', counted.ticketId, { teamCode: 'AA', betCredit: 5 });
      await call.internal('reverse', reversed.ticketId, { teamCode: 'AA', betCredit: 5 });
      const neverSeen = aTicket().ticketId;
      const result = await call.graphql(
        `query ($representations: [_Any!]!) { _entities(representations: $representations) {
          ... on Ticket { id totalling { counted countedAt reversedAt } }
          ... on TeamTotal { teamCode totalCredit ticketCount } } }`,
        {
          representations: [
            { __typename: 'Ticket', id: counted.ticketId },
            { __typename: 'Ticket', id: reversed.ticketId },
            { __typename: 'Ticket', id: neverSeen },
            { __typename: 'TeamTotal', teamCode: 'AA' },
            { __typename: 'TeamTotal', teamCode: 'ZZ' },
          ],
        },
      );
      expect(result).toEqual({
        data: {
          _entities: [
            {
              id: counted.ticketId,
              totalling: { counted: true, countedAt: '2026-01-01T12:00:00.000Z', reversedAt: null },
            },
            {
              id: reversed.ticketId,
              totalling: {
                counted: false,
                countedAt: null,
                reversedAt: '2026-01-01T12:00:00.000Z',
              },
            },
            { id: neverSeen, totalling: { counted: false, countedAt: null, reversedAt: null } },
            { teamCode: 'AA', totalCredit: 5, ticketCount: 1 },
            null,
          ],
        },
      });
    });

    it('is ready while the database answers', async () => {
      expect((await fetch(`${service.base}/health/ready`)).status).toBe(200);
    });
  });
}

describe('totalling service when its database fails', () => {
  const down = () => Promise.reject(new Error('database down'));
  const failing: TotallingStore = {
    transaction: down,
    insertFirstRecord: down,
    saveCheckpoint: down,
    loadCheckpoint: down,
    ticketRecords: down,
    teamTotals: down,
    onTotalsChanged: down,
    ping: down,
  };
  let service: Awaited<ReturnType<typeof start>>;
  const log = capturedLogger();
  const call = client(() => service.base);
  beforeAll(async () => void (service = await start(failing, log.logger)));
  afterAll(async () => service?.running.stop());

  it("answers 500 to the sync call so the caller's breaker sees it, and logs the error", async () => {
    expect(
      await call.internal(
        'count',
        (await service.log.bought(aTicket({ teamCode: 'KT', betCredit: 10 }))).ticketId,
        { teamCode: 'KT', betCredit: 10 },
      ),
    ).toEqual({ status: 500, body: { code: 'INTERNAL_ERROR', message: expect.any(String) } });
    expect(log.lines).toContainEqual(
      expect.objectContaining({ level: 50, msg: 'internal call failed' }),
    );
  });

  it('still refuses bad input with 400 before touching the database', async () => {
    expect(
      (await call.internal('count', aTicket().ticketId, { teamCode: 'ZZ', betCredit: 10 })).status,
    ).toBe(400);
  });

  it('is not ready', async () => {
    expect((await fetch(`${service.base}/health/ready`)).status).toBe(503);
  });
});

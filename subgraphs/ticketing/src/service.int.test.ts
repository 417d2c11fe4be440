import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ticketStream } from '@sportskk/contracts';
import { createInMemoryEventStore } from '@sportskk/event-store';
import {
  generateServiceKeys,
  operationDigest,
  type Identity,
  type ServiceKeys,
} from '@sportskk/identity';
import { createLogger, createMetricsRegistry, type RunningService } from '@sportskk/platform';
import { postGraphQL, serviceCallHeaders, subgraphGraphQL } from '@sportskk/testing';
import { loadTicketingConfig } from './config.ts';
import { startTicketing } from './service.ts';
import { inMemoryTotalling } from './testing/in-memory-totalling.ts';

const events = createInMemoryEventStore();
const totalling = inMemoryTotalling(events);
const config = loadTicketingConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', TICKETING_PORT: '0' });
/** What `caller` sends ticketing, for the end user if given. */
const from = (caller: string, identity?: Identity, keys?: ServiceKeys) =>
  serviceCallHeaders({
    caller,
    callee: 'ticketing',
    ...(identity ? { identity } : {}),
    ...(keys ? { keys } : {}),
  });
/** An operation as the gateway sends it for a verified caller (alice, a buyer, by default). */
const asGateway = <Data = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown> = {},
  identity: Identity = { subject: 'alice', roles: ['buyer'] },
  headers: Record<string, string> = {},
) =>
  subgraphGraphQL<Data>(`${service.url}/graphql`, query, variables, {
    callee: 'ticketing',
    identity,
    headers,
  });
/** What the projections worker sends for one request. */
const asProjections = (path: string) =>
  serviceCallHeaders({
    caller: 'projections',
    callee: 'ticketing',
    binding: { method: 'POST', path },
  });
const approvePath = (ticketId: string) =>
  `/internal/tickets/${encodeURIComponent(ticketId)}/approve`;
const stranger = await generateServiceKeys();
let service: RunningService;
beforeAll(async () => {
  service = await startTicketing({
    config,
    events,
    totalling: totalling.service,
    logger: createLogger('ticketing', 'silent'),
    metrics: createMetricsRegistry('ticketing'),
  });
});
afterAll(async () => service?.stop());

const BUY = `mutation Buy($input: BuyTicketInput!) { buyTicket(input: $input) { ticket { id status version } } }`;
const buy = async (
  input: Record<string, unknown>,
  identity?: Identity,
  headers: Record<string, string> = {},
) => {
  const response = await asGateway<{
    buyTicket: { ticket: { id: string; status: string; version: number } };
  }>(BUY, { input }, identity, headers);
  expect(response.errors).toBeUndefined();
  return response.data!.buyTicket.ticket;
};
const approve = async (
  ticketId: string,
  body: unknown = { causationId: 'cause-1' },
  headers: Record<string, string> = {},
) => {
  const response = await fetch(`${service.url}${approvePath(ticketId)}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(await asProjections(approvePath(ticketId))),
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};
const typesOf = async (ticketId: string) =>
  (await events.readStream(ticketStream(ticketId))).map((event) => event.type);

describe('ticketing over HTTP', () => {
  it('scopes idempotency keys to the caller: a retry by the same actor buys nothing more, another actor buys anew', async () => {
    const key = `key-${randomUUID()}`;
    const first = await buy(
      { teamCode: 'KT', betCredit: 10, idempotencyKey: key },
      { subject: 'alice', roles: ['buyer'] },
    );
    const retry = await buy(
      { teamCode: 'KT', betCredit: 10, idempotencyKey: key },
      { subject: 'alice', roles: ['buyer'] },
    );
    const other = await buy(
      { teamCode: 'KT', betCredit: 10, idempotencyKey: key },
      { subject: 'bob', roles: ['buyer'] },
    );
    expect(retry.id).toBe(first.id);
    expect(other.id).not.toBe(first.id);
    expect(await typesOf(first.id)).toEqual(['TicketPurchased', 'TicketApproved']);
    const [purchase] = await events.readStream(ticketStream(other.id));
    expect(purchase!.metadata).toMatchObject({ actor: 'bob', schemaVersion: 2 });
    expect(purchase!.data).toMatchObject({ buyerId: 'bob' });
  });

  it('answers when a ticket was bought, approved and cancelled, and no cancellation time before it is cancelled', async () => {
    const TIMES = `{ id status purchasedAt approvedAt cancelledAt }`;
    const before = new Date();
    const bought = await asGateway<{ buyTicket: { ticket: Record<string, string | null> } }>(
      `mutation { buyTicket(input: { teamCode: "KT", betCredit: 7 }) { ticket ${TIMES} } }`,
    );
    const ticket = bought.data!.buyTicket.ticket;
    expect(ticket).toMatchObject({ status: 'APPROVED', cancelledAt: null });
    const cancelled = await asGateway<{ cancelTicket: { ticket: Record<string, string | null> } }>(
      `mutation { cancelTicket(input: { ticketId: "${ticket.id}", expectedVersion: 1 }) { ticket ${TIMES} } }`,
    );
    expect(cancelled.errors).toBeUndefined();
    const after = cancelled.data!.cancelTicket.ticket;
    expect(after).toMatchObject({
      status: 'CANCELLED',
      purchasedAt: ticket.purchasedAt,
      approvedAt: ticket.approvedAt,
    });
    const [cancellation] = (await events.readStream(ticketStream(ticket.id!))).slice(-1);
    expect(after.cancelledAt).toBe(cancellation!.data.cancelledAt);
    const times = [
      before,
      ticket.purchasedAt,
      ticket.approvedAt,
      after.cancelledAt,
      new Date(),
    ].map((t) => new Date(t!).getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});

describe('the internal approve endpoint', () => {
  const pendingTicket = async (teamCode: string, betCredit: number) => {
    totalling.state.down = true;
    const pending = await buy({ teamCode, betCredit });
    totalling.state.down = false;
    expect(pending.status).toBe('PENDING');
    return pending;
  };

  it('leaves a ticket totalling has not counted PENDING, appending nothing', async () => {
    const pending = await pendingTicket('AA', 2);
    expect(await approve(pending.id)).toEqual({
      status: 200,
      body: { ticketId: pending.id, status: 'PENDING', version: 0 },
    });
    expect(await typesOf(pending.id)).toEqual(['TicketPurchased']);
  });

  it("approves a counted PENDING ticket once, with the caller's correlation id and the given cause; again changes nothing", async () => {
    const pending = await pendingTicket('LG', 7);
    await totalling.service.count(
      { ticketId: pending.id, teamCode: 'LG', betCredit: 7 },
      'projection',
    );
    const first = await approve(
      pending.id,
      { causationId: 'purchase-event' },
      { 'x-correlation-id': 'pm-corr-1' },
    );
    expect(first).toEqual({
      status: 200,
      body: { ticketId: pending.id, status: 'APPROVED', version: 1 },
    });
    expect(await approve(pending.id)).toEqual(first);
    expect(await typesOf(pending.id)).toEqual(['TicketPurchased', 'TicketApproved']);
    const approval = (await events.readStream(ticketStream(pending.id)))[1]!;
    expect(approval.metadata).toMatchObject({
      correlationId: 'pm-corr-1',
      causationId: 'purchase-event',
      actor: 'sportskk:projections',
    });
  });

  it('answers 503 TOTALLING_UNAVAILABLE while totalling cannot be asked, appending nothing', async () => {
    const pending = await pendingTicket('KT', 8);
    totalling.state.down = true;
    expect(await approve(pending.id)).toEqual({
      status: 503,
      body: { code: 'TOTALLING_UNAVAILABLE', message: expect.any(String) },
    });
    totalling.state.down = false;
    expect(await typesOf(pending.id)).toEqual(['TicketPurchased']);
  });

  it('answers a cancelled ticket with its status and appends nothing', async () => {
    const pending = await pendingTicket('SS', 3);
    const cancel = await asGateway(
      `mutation { cancelTicket(input: { ticketId: "${pending.id}" }) { ticket { status } } }`,
    );
    expect(cancel.errors).toBeUndefined();
    expect(await approve(pending.id)).toEqual({
      status: 200,
      body: { ticketId: pending.id, status: 'CANCELLED', version: 1 },
    });
    expect(await typesOf(pending.id)).toEqual(['TicketPurchased', 'TicketCancelled']);
  });

  it.each([
    ['an unknown ticket', () => randomUUID(), { causationId: 'c' }, 404, 'TICKET_NOT_FOUND'],
    ['a ticket id that is not a UUID', () => 'nope', { causationId: 'c' }, 404, 'TICKET_NOT_FOUND'],
    ['a body without a cause', () => randomUUID(), {}, 400, 'BAD_REQUEST'],
    ['a cause that is not text', () => randomUUID(), { causationId: 5 }, 400, 'BAD_REQUEST'],
    ['a body that is not JSON', () => randomUUID(), '{"causationId": ', 400, 'BAD_REQUEST'],
  ])(
    'refuses %s with a stable code and writes nothing',
    async (_label, ticketId, body, status, code) => {
      const before = (await events.readAll()).length;
      expect(await approve(ticketId(), body)).toEqual({
        status,
        body: { code, message: expect.any(String) },
      });
      expect((await events.readAll()).length).toBe(before);
    },
  );

  it('answers the projections worker 404 NOT_FOUND for a route it does not have', async () => {
    const path = `/internal/tickets/${randomUUID()}/count`;
    const response = await fetch(`${service.url}${path}`, {
      method: 'POST',
      headers: await asProjections(path),
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('only the gateway and the projections worker may call', () => {
  const input = { teamCode: 'KT', betCredit: 1 };
  const as = (call: {
    caller?: string;
    callee?: string;
    keys?: ServiceKeys;
    identity?: Identity;
  }) =>
    subgraphGraphQL(
      `${service.url}/graphql`,
      BUY,
      { input },
      {
        callee: call.callee ?? 'ticketing',
        identity: call.identity ?? { subject: 'm', roles: ['admin', 'buyer'] },
        ...call,
      },
    );
  const raw = (headers: Record<string, string>) =>
    postGraphQL(`${service.url}/graphql`, BUY, { input }, headers);

  it.each<[string, () => ReturnType<typeof raw>, string]>([
    ['no token', () => raw({}), 'missing'],
    [
      "a client's own bearer token",
      () => raw({ authorization: 'Bearer eyJhbGciOiJFZERTQSJ9.e30.c2ln' }),
      'malformed',
    ],
    [
      'a token signed with a key no service has',
      () =>
        as({ keys: { signingKey: stranger.signingKeys.gateway, publicKeys: stranger.publicKeys } }),
      'bad signature',
    ],
    ['a token the projections worker signed', () => as({ caller: 'projections' }), 'wrong caller'],
    ['a token for another service', () => as({ callee: 'totalling' }), 'wrong audience'],
    [
      "the gateway's token for another operation",
      async () =>
        raw(
          await serviceCallHeaders({
            caller: 'gateway',
            callee: 'ticketing',
            identity: { subject: 'm', roles: ['buyer'] },
            binding: {
              method: 'POST',
              path: '/graphql',
              digest: operationDigest(BUY, { input: { ...input, betCredit: 2 } }),
            },
          }),
        ),
      'wrong request',
    ],
    [
      "the gateway's token without its operation",
      async () => raw(await from('gateway', { subject: 'm', roles: ['buyer'] })),
      'wrong request',
    ],
  ])(
    'refuses GraphQL with %s: 401 UNAUTHENTICATED, nothing written',
    async (_label, send, reason) => {
      const before = (await events.readAll()).length;
      const response = await send();
      expect(response.status).toBe(401);
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason });
      expect((await events.readAll()).length).toBe(before);
    },
  );

  it('refuses a command the gateway sends without an end user', async () => {
    const response = await subgraphGraphQL(
      `${service.url}/graphql`,
      BUY,
      { input },
      {
        callee: 'ticketing',
      },
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("refuses an approval without a token (401), from the gateway (403 FORBIDDEN), or with the worker's token for another ticket (401), approving nothing", async () => {
    totalling.state.down = true;
    const pending = await buy({ teamCode: 'AA', betCredit: 4 });
    totalling.state.down = false;
    await totalling.service.count(
      { ticketId: pending.id, teamCode: 'AA', betCredit: 4 },
      'projection',
    );
    const call = async (authorization: string | undefined) => {
      const response = await fetch(`${service.url}/internal/tickets/${pending.id}/approve`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(authorization ? { authorization } : {}),
        },
        body: JSON.stringify({ causationId: 'c' }),
      });
      return { status: response.status, body: (await response.json()) as { code?: string } };
    };
    expect(await call(undefined)).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    expect(
      await call((await from('gateway', { subject: 'm', roles: ['admin'] })).authorization),
    ).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const replayed = await asProjections(approvePath(randomUUID()));
    expect(await call(replayed.authorization)).toMatchObject({
      status: 401,
      body: { code: 'UNAUTHENTICATED' },
    });
    expect(await typesOf(pending.id)).toEqual(['TicketPurchased']);
  });

  it("applies its own schema's roles: a buyer the gateway vouches for may not read any ticket", async () => {
    const response = await asGateway(`{ ticket(id: "${randomUUID()}") { id } }`);
    expect(response.status).toBe(403);
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const admin = await asGateway(
      `{ ticket(id: "${randomUUID()}") { id } }`,
      {},
      {
        subject: 'root',
        roles: ['admin'],
      },
    );
    expect(admin.errors).toBeUndefined();
  });

  it('resolves many entities with one read of their streams, in the order asked', async () => {
    const bought = [];
    for (let i = 1; i <= 30; i++) bought.push(await buy({ teamCode: 'LG', betCredit: i }));
    const ids = [...bought.map((ticket) => ticket.id), randomUUID()].reverse();
    const single = vi.spyOn(events, 'readStream');
    const many = vi.spyOn(events, 'readStreams');
    try {
      const response = await asGateway<{ _entities: Array<{ id: string } | null> }>(
        `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Ticket { id betCredit } } }`,
        { representations: ids.map((id) => ({ __typename: 'Ticket', id })) },
      );
      expect(response.errors).toBeUndefined();
      expect(response.data?._entities.map((ticket) => ticket?.id ?? null)).toEqual([
        null,
        ...ids.slice(1),
      ]);
      expect(many).toHaveBeenCalledTimes(1);
      expect(single).not.toHaveBeenCalled();
    } finally {
      single.mockRestore();
      many.mockRestore();
    }
  });

  it("resolves another buyer's ticket to nothing, also as an entity: no status, stake or version leaks", async () => {
    const alices = await buy({ teamCode: 'KT', betCredit: 9 });
    const ENTITY = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Ticket { id status betCredit version } } }`;
    const representations = [{ __typename: 'Ticket', id: alices.id }];
    const asMallory = await asGateway(
      ENTITY,
      { representations },
      { subject: 'mallory', roles: ['buyer'] },
    );
    expect(asMallory.errors).toBeUndefined();
    expect(asMallory.data).toEqual({ _entities: [null] });
    const asAlice = await asGateway<{ _entities: Array<{ id: string }> }>(ENTITY, {
      representations,
    });
    expect(asAlice.data?._entities[0]?.id).toBe(alices.id);
    const asAdmin = await asGateway<{ _entities: Array<{ id: string }> }>(
      ENTITY,
      { representations },
      {
        subject: 'root',
        roles: ['admin'],
      },
    );
    expect(asAdmin.data?._entities[0]?.id).toBe(alices.id);
  });

  it('keeps health and metrics open', async () => {
    expect((await fetch(`${service.url}/health/ready`)).status).toBe(200);
    expect((await fetch(`${service.url}/metrics`)).status).toBe(200);
  });
});

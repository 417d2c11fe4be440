import { randomUUID } from 'node:crypto';
import { createInMemoryEventStore } from '@sportskk/event-store';
import {
  generateServiceKeys,
  operationDigest,
  type Identity,
  type ServiceKeys,
} from '@sportskk/identity';
import { createLogger, createMetricsRegistry, type RunningService } from '@sportskk/platform';
import { postGraphQL, serviceCallHeaders, subgraphGraphQL } from '@sportskk/testing';
import { createPgliteSqlClient, openEmbeddedDatabase, type EmbeddedDatabase } from '@sportskk/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresTicketViewStore } from './adapters/postgres/postgres-ticket-view-store.ts';
import type { TicketViewStore } from './ports/ticket-view-store.ts';
import { applyTicketEvent } from './app/apply-ticket-event.ts';
import { loadCenterConfig } from './config.ts';
import { startCenter } from './service.ts';
import { ticketEventLog } from './testing/ticket-events.ts';

interface GraphQLResponse {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: { code?: string; argument?: string } }>;
}
interface Page {
  edges: Array<{
    cursor: string;
    node: {
      id: string;
      history: Array<{ type: string; version: number; at: string; correlationId: string }>;
    };
  }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

let database: EmbeddedDatabase;
let store: TicketViewStore;
const running: RunningService[] = [];
let url: string;
const config = loadCenterConfig({ NODE_ENV: 'test', CENTER_PORT: '0', HOST: '127.0.0.1' });
const ADMIN: Identity = { subject: 'root', roles: ['admin'] };
/** Who sends an operation: a service with a token for it (the gateway for an admin by default), or raw headers. */
type Sender =
  | {
      readonly identity?: Identity;
      readonly caller?: string;
      readonly callee?: string;
      readonly keys?: ServiceKeys;
    }
  | { readonly headers: Record<string, string> };

const start = async (viewStore: TicketViewStore) => {
  const events = createInMemoryEventStore();
  const service = await startCenter({
    config,
    store: viewStore,
    events,
    logger: createLogger('center', 'silent'),
    metrics: createMetricsRegistry('center'),
  });
  running.push(service);
  return service;
};

async function graphql(
  query: string,
  variables: Record<string, unknown> = {},
  sender: Sender = { identity: ADMIN },
): Promise<{ status: number; body: GraphQLResponse }> {
  const answer =
    'headers' in sender
      ? await postGraphQL(`${url}/graphql`, query, variables, sender.headers)
      : await subgraphGraphQL(`${url}/graphql`, query, variables, {
          callee: sender.callee ?? 'center',
          ...sender,
        });
  const { status, ...body } = answer;
  return { status, body: body as GraphQLResponse };
}

const TICKETS = `query Tickets($filter: TicketFilter, $first: Int, $after: String) {
  tickets(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id history { type version at correlationId } } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;
const tickets = async (variables: Record<string, unknown>) => {
  const { status, body } = await graphql(TICKETS, variables);
  expect(body.errors).toBeUndefined();
  expect(status).toBe(200);
  return body.data!.tickets as Page;
};

/** Six tickets, newest first: ids[0] is the newest. KT: 0, 2, 4; LG: 1, 3, 5. 1 and 4 APPROVED, 2 CANCELLED. */
const ids: string[] = Array.from({ length: 6 }, () => randomUUID());
const log = ticketEventLog();

beforeAll(async () => {
  database = await openEmbeddedDatabase();
  store = await createPostgresTicketViewStore(createPgliteSqlClient(database.db), {
    eventStore: 'postgres',
  });
  const apply = (event: Parameters<typeof applyTicketEvent>[1]) => applyTicketEvent(store, event);
  for (const [i, id] of [...ids.entries()].reverse()) {
    await apply(
      log.purchase(id, {
        teamCode: i % 2 ? 'LG' : 'KT',
        purchasedAt: `2026-06-0${9 - i}T12:00:00.000Z`,
        correlationId: `buy-${i}`,
        buyerId: i < 3 ? 'alice' : 'bob',
      }),
    );
  }
  await apply(
    log.approve(ids[1]!, { correlationId: 'approve-1', time: '2026-06-10T00:00:00.000Z' }),
  );
  await apply(log.approve(ids[4]!));
  await apply(log.cancel(ids[2]!));
  url = (await start(store)).url;
}, 60_000);

afterAll(async () => {
  for (const service of running) await service.stop();
  await database?.close();
});

describe('Query.tickets over HTTP', () => {
  it('lists newest purchase first with cursors, history, page info and total count', async () => {
    const page = await tickets({});
    expect(page.edges.map((edge) => edge.node.id)).toEqual(ids);
    expect(page.totalCount).toBe(6);
    expect(page.pageInfo).toEqual({ hasNextPage: false, endCursor: page.edges[5]!.cursor });
    expect(new Set(page.edges.map((edge) => edge.cursor)).size).toBe(6);
    expect(page.edges[1]!.node.history).toEqual([
      {
        type: 'TicketPurchased',
        version: 0,
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        correlationId: 'buy-1',
      },
      {
        type: 'TicketApproved',
        version: 1,
        at: '2026-06-10T00:00:00.000Z',
        correlationId: 'approve-1',
      },
    ]);
  });

  it('pages with first and after, without gaps or duplicates', async () => {
    const seen: string[] = [];
    const flags: boolean[] = [];
    let after: string | null = null;
    do {
      const page: Page = await tickets({ first: 4, after });
      seen.push(...page.edges.map((edge) => edge.node.id));
      flags.push(page.pageInfo.hasNextPage);
      expect(page.totalCount).toBe(6);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(ids);
    expect(flags).toEqual([true, false]);
  });

  it('returns an empty last page with a null end cursor after the last ticket', async () => {
    const all = await tickets({});
    const rest = await tickets({ after: all.pageInfo.endCursor });
    expect(rest).toEqual({
      edges: [],
      pageInfo: { hasNextPage: false, endCursor: null },
      totalCount: 6,
    });
  });

  it.each([
    ['status', { status: 'APPROVED' }, [1, 4]],
    ['status CANCELLED', { status: 'CANCELLED' }, [2]],
    ['team', { teamCode: 'KT' }, [0, 2, 4]],
    ['team and status', { teamCode: 'LG', status: 'PENDING' }, [3, 5]],
    ['nulls (no filter)', { teamCode: null, status: null }, [0, 1, 2, 3, 4, 5]],
    ['an unknown team', { teamCode: 'ZZ' }, []],
  ])('filters by %s', async (_label, filter, expected) => {
    const page = await tickets({ filter });
    expect(page.edges.map((edge) => ids.indexOf(edge.node.id))).toEqual(expected);
    expect(page.totalCount).toBe(expected.length);
    if (expected.length === 0)
      expect(page.pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });

  it('pages within a filter, counting only its matches', async () => {
    const first = await tickets({ filter: { teamCode: 'KT' }, first: 2 });
    expect(first.edges.map((edge) => ids.indexOf(edge.node.id))).toEqual([0, 2]);
    expect(first).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
    const second = await tickets({
      filter: { teamCode: 'KT' },
      first: 2,
      after: first.pageInfo.endCursor,
    });
    expect(second.edges.map((edge) => ids.indexOf(edge.node.id))).toEqual([4]);
    expect(second).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: false } });
  });

  it('treats first: null as the default of 20', async () => {
    expect((await tickets({ first: null })).edges).toHaveLength(6);
  });

  const badInputs: Array<[string, Record<string, unknown>, string | undefined]> = [
    ['first = 0', { first: 0 }, 'first'],
    ['first = -1', { first: -1 }, 'first'],
    ['first = 101', { first: 101 }, 'first'],
    ['a cursor that is not base64url', { after: 'not a cursor!' }, 'after'],
    ['an empty cursor', { after: '' }, 'after'],
    [
      'base64url of something else',
      { after: Buffer.from('{"id":"x"}').toString('base64url') },
      'after',
    ],
    [
      'a cursor with a broken time',
      { after: Buffer.from(JSON.stringify([1, 'soon', ids[0]])).toString('base64url') },
      'after',
    ],
    ['a status that does not exist', { filter: { status: 'LOST' } }, undefined],
    ['first as text', { first: 'ten' }, undefined],
    ['first beyond 32 bits', { first: 2 ** 40 }, undefined],
  ];
  it.each(badInputs)(
    'refuses %s with BAD_USER_INPUT and no data',
    async (_label, variables, argument) => {
      const { body } = await graphql(TICKETS, variables);
      expect(body.errors).toHaveLength(1);
      expect(body.errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
      if (argument) expect(body.errors![0]!.extensions?.argument).toBe(argument);
      expect(body.data ?? null).toBeNull();
    },
  );

  it('refuses first = 0 written inline in the query, too', async () => {
    const { body } = await graphql('{ tickets(first: 0) { totalCount } }');
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses an unknown status literal as an invalid query', async () => {
    const { body } = await graphql('{ tickets(filter: { status: LOST }) { totalCount } }');
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('Query.myTickets over HTTP', () => {
  const MINE = `query Mine($filter: TicketFilter, $first: Int, $after: String) {
    myTickets(filter: $filter, first: $first, after: $after) {
      edges { node { id } }
      pageInfo { hasNextPage endCursor }
      totalCount
    }
  }`;
  const mine = async (identity: Identity, variables: Record<string, unknown> = {}) => {
    const { body } = await graphql(MINE, variables, { identity });
    expect(body.errors).toBeUndefined();
    const page = body.data!.myTickets as Page;
    return { ids: page.edges.map((edge) => ids.indexOf(edge.node.id)), page };
  };
  const alice: Identity = { subject: 'alice', roles: ['buyer'] };

  it("lists only the caller's tickets, newest first, whatever their role", async () => {
    expect((await mine(alice)).ids).toEqual([0, 1, 2]);
    expect((await mine({ subject: 'bob', roles: ['buyer'] })).ids).toEqual([3, 4, 5]);
    expect((await mine({ subject: 'root', roles: ['admin'] })).ids).toEqual([]);
    expect((await mine({ subject: 'Alice', roles: ['buyer'] })).ids).toEqual([]);
  });

  it("filters and pages within the caller's tickets only", async () => {
    expect((await mine(alice, { filter: { teamCode: 'KT' } })).ids).toEqual([0, 2]);
    expect((await mine(alice, { filter: { status: 'APPROVED' } })).ids).toEqual([1]);
    const first = await mine(alice, { first: 2 });
    expect(first.ids).toEqual([0, 1]);
    expect(first.page.totalCount).toBe(3);
    const rest = await mine(alice, { first: 2, after: first.page.pageInfo.endCursor });
    expect(rest.ids).toEqual([2]);
    expect(rest.page.pageInfo.hasNextPage).toBe(false);
  });

  it("does not continue into another buyer's tickets from a cursor of theirs", async () => {
    const bobs = await mine({ subject: 'bob', roles: ['buyer'] }, { first: 1 });
    expect((await mine(alice, { after: bobs.page.pageInfo.endCursor })).ids).toEqual([]);
  });

  it('refuses a call the gateway makes without an end user', async () => {
    const { body } = await graphql(MINE, {}, { caller: 'gateway' });
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(body.data ?? null).toBeNull();
  });
});

describe('who may call the center', () => {
  const stranger = generateServiceKeys();
  it.each<[string, () => Promise<Sender>]>([
    ['no token', async () => ({ headers: {} })],
    [
      "a client's own bearer token",
      async () => ({ headers: { authorization: 'Bearer eyJhbGciOiJFZERTQSJ9.e30.c2ln' } }),
    ],
    [
      'a token signed with a key no service has',
      async () => {
        const { signingKeys, publicKeys } = await stranger;
        return { identity: ADMIN, keys: { signingKey: signingKeys.gateway, publicKeys } };
      },
    ],
    ['a token ticketing signed', async () => ({ caller: 'ticketing', identity: ADMIN })],
    ['a token for another service', async () => ({ callee: 'ticketing', identity: ADMIN })],
    [
      "the gateway's token for another operation",
      async () => ({
        headers: await serviceCallHeaders({
          caller: 'gateway',
          callee: 'center',
          identity: ADMIN,
          binding: {
            method: 'POST',
            path: '/graphql',
            digest: operationDigest('{ myTickets { totalCount } }', {}),
          },
        }),
      }),
    ],
    [
      "the gateway's token without its operation",
      async () => ({
        headers: await serviceCallHeaders({ caller: 'gateway', callee: 'center', identity: ADMIN }),
      }),
    ],
  ])('refuses GraphQL with %s: 401 UNAUTHENTICATED and no data', async (_label, sender) => {
    const { status, body } = await graphql('{ tickets { totalCount } }', {}, await sender());
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(body.data ?? null).toBeNull();
  });

  it.each([
    ['list every ticket', '{ tickets { totalCount } }'],
    [
      'read a history through an entity',
      `{ _entities(representations: [{ __typename: "Ticket", id: "${randomUUID()}" }]) { ... on Ticket { history { type } } } }`,
    ],
  ])(
    "applies its own schema's roles to whom the gateway vouches for: a buyer may not %s",
    async (_label, query) => {
      const { status, body } = await graphql(
        query,
        {},
        {
          identity: { subject: 'alice', roles: ['buyer'] },
        },
      );
      expect(status).toBe(403);
      expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(body.data ?? null).toBeNull();
    },
  );

  it('keeps health and metrics open', async () => {
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
    expect((await fetch(`${url}/metrics`)).status).toBe(200);
  });
});

describe('Ticket as a federated entity', () => {
  const ENTITIES = `query Entities($representations: [_Any!]!) { _entities(representations: $representations) { ... on Ticket { id history { type version correlationId } } } }`;

  it('resolves history by reference, and an empty history for a ticket the view has not seen', async () => {
    const unknown = randomUUID();
    const { body } = await graphql(ENTITIES, {
      representations: [
        { __typename: 'Ticket', id: ids[2] },
        { __typename: 'Ticket', id: unknown },
      ],
    });
    expect(body.errors).toBeUndefined();
    expect(body.data!._entities).toEqual([
      {
        id: ids[2],
        history: [
          { type: 'TicketPurchased', version: 0, correlationId: 'buy-2' },
          { type: 'TicketCancelled', version: 1, correlationId: expect.any(String) },
        ],
      },
      { id: unknown, history: [] },
    ]);
  });

  it('publishes its SDL with the Ticket key for composition', async () => {
    const { body } = await graphql('{ _service { sdl } }');
    const sdl = (body.data!._service as { sdl: string }).sdl;
    expect(sdl).toMatch(/type Ticket\s+@key\(fields: "id"\)/);
    expect(sdl).toContain('enum TicketStatus');
  });
});

describe('health', () => {
  it('is live and ready while the store answers', async () => {
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
    expect((await fetch(`${url}/health/ready`)).status).toBe(200);
  });

  it('is not ready when the store does not answer', async () => {
    const failing: TicketViewStore = {
      ...store,
      ping: () => Promise.reject(new Error('view store down')),
    };
    const service = await start(failing);
    const ready = await fetch(`${service.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect((await fetch(`${service.url}/health/live`)).status).toBe(200);
  });
});

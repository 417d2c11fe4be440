import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SUPERGRAPH_PATH } from '@sportskk/gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import {
  createServiceTokens,
  operationDigest,
  signDevelopmentToken,
  SUBSCRIBE_METHOD,
  SUBSCRIBE_PATH,
} from '@sportskk/identity';
import { eventually, logCollector } from '@sportskk/testing';
import { startSystem, type System } from '../system.ts';
import { BUY, CANCEL, graphql, signedIn, testConfig, type TicketData } from '../testing.ts';
import { collect, liveClient } from './live-client.ts';

const STATUS_WITHOUT_PREVIOUS = `subscription Plain($filter: TicketStatusFilter) {
  ticketStatusChanged(filter: $filter) { status cursor ticket { id } }
}`;
const STATUS = `subscription Status($filter: TicketStatusFilter, $after: String) {
  ticketStatusChanged(filter: $filter, after: $after) {
    previousStatus status at correlationId cursor
    ticket { id betCredit teamCode totalling { counted } history { type } }
  }
}`;

interface Change {
  readonly previousStatus: string | null;
  readonly status: string;
  readonly at: string;
  readonly correlationId: string;
  readonly cursor: string;
  readonly ticket: {
    readonly id: string;
    readonly betCredit: number;
    readonly teamCode: string;
    readonly totalling: { readonly counted: boolean } | null;
    readonly history: ReadonlyArray<{ readonly type: string }>;
  };
}
type Changes = { ticketStatusChanged: Change };

let system: System;
const logs = logCollector();
const clients: Client[] = [];
let alice: { authorization: string };
let admin: { authorization: string };

// A supergraph file of this test's own, watched, so a test can change it under running subscriptions.
const supergraphPath = join(mkdtempSync(join(tmpdir(), 'live-supergraph-')), 'supergraph.graphql');
copyFileSync(DEFAULT_SUPERGRAPH_PATH, supergraphPath);

let config: ReturnType<typeof testConfig>;
beforeAll(async () => {
  system = await startSystem(
    (config = testConfig({
      SUPERGRAPH_PATH: supergraphPath,
      SUPERGRAPH_WATCH: 'true',
      AUTH_CLOCK_TOLERANCE_SECONDS: '0', // so a token can expire within a test
    })),
    { logDestination: logs.stream },
  );
  alice = await signedIn('alice');
  admin = await signedIn('root', 'admin');
});
afterAll(async () => {
  for (const client of clients) await client.dispose();
  await system?.stop();
});

const connect = (authorization: string | undefined, onClosed?: (code: number) => void) => {
  const client = liveClient(system.urls.gateway, authorization, onClosed ? { onClosed } : {});
  clients.push(client);
  return client;
};

const buy = async (teamCode = 'KT', betCredit = 10) => {
  const { data, errors } = await graphql<{ buyTicket: { ticket: TicketData } }>(
    system.urls.gateway,
    BUY,
    { input: { teamCode, betCredit } },
    alice,
  );
  expect(errors).toBeUndefined();
  return data!.buyTicket.ticket;
};
const cancel = async (ticketId: string) => {
  const { errors } = await graphql(system.urls.gateway, CANCEL, { input: { ticketId } }, alice);
  expect(errors).toBeUndefined();
};
/** Buys on `teamCode` until every subscription shows the same purchase: from then on they are live. */
async function live(
  subscriptions:
    | { results: ReadonlyArray<{ data?: Changes | null }> }
    | ReadonlyArray<{ results: ReadonlyArray<{ data?: Changes | null }> }>,
  teamCode: string,
) {
  const all = 'results' in subscriptions ? [subscriptions] : subscriptions;
  await eventually(
    async () => {
      const marker = await buy(teamCode, 1);
      await eventually(
        () =>
          expect(all.filter((one) => changesOf(one.results, marker.id).length === 0)).toEqual([]),
        1000,
      );
    },
    30_000,
    0,
  );
}

/** A gauge's value on the service at `graphqlUrl`. */
const gauge = async (graphqlUrl: string, name: string) => {
  const text = await (await fetch(graphqlUrl.replace(/\/graphql$/, '/metrics'))).text();
  const line = text
    .split('\n')
    .find((row) => row.startsWith(`${name}{`) || row.startsWith(`${name} `));
  return Number(line?.split(' ').at(-1));
};

const changesOf = (results: ReadonlyArray<{ data?: Changes | null }>, ticketId: string) =>
  results
    .map((result) => result.data?.ticketStatusChanged)
    .filter((change) => change?.ticket.id === ticketId) as Change[];

describe('live ticket status through the gateway', () => {
  it('shows an admin each status change of a bought then cancelled ticket, in order, with fields from every subgraph', async () => {
    const watching = collect<Changes>(connect(admin.authorization), STATUS, {
      filter: { teamCode: 'LG' },
    });
    await live(watching, 'LG');
    const ticket = await buy('LG', 25);
    await cancel(ticket.id);
    await eventually(() => expect(changesOf(watching.results, ticket.id)).toHaveLength(3), 15_000);
    const changes = changesOf(watching.results, ticket.id);
    expect(changes.map((change) => [change.previousStatus, change.status])).toEqual([
      [null, 'PENDING'],
      ['PENDING', 'APPROVED'],
      ['APPROVED', 'CANCELLED'],
    ]);
    for (const change of changes) {
      expect(change.ticket).toMatchObject({ id: ticket.id, betCredit: 25, teamCode: 'LG' }); // ticketing
      expect(typeof change.ticket.totalling?.counted).toBe('boolean'); // totalling
      const history = change.ticket.history.map((entry) => entry.type); // center, as its view has it
      expect(
        ['TicketPurchased', 'TicketApproved', 'TicketCancelled'].slice(0, history.length),
      ).toEqual(history);
      expect(change.correlationId).toMatch(/^[\w-]+$/);
    }
    expect(new Set(changes.map((change) => change.cursor)).size).toBe(3);
    expect(watching.results.every((result) => result.errors === undefined)).toBe(true);
    watching.dispose();
  });

  it('resumes after a cursor: every later change, none twice', async () => {
    const first = collect<Changes>(connect(admin.authorization), STATUS, {
      filter: { teamCode: 'KT' },
    });
    await live(first, 'KT');
    const a = await buy('KT');
    await eventually(() => expect(changesOf(first.results, a.id)).toHaveLength(2), 15_000);
    const [, approved] = changesOf(first.results, a.id);
    first.dispose();
    await cancel(a.id);
    const b = await buy('KT');
    const resumed = collect<Changes>(connect(admin.authorization), STATUS, {
      filter: { teamCode: 'KT' },
      after: approved!.cursor,
    });
    await eventually(() => expect(changesOf(resumed.results, b.id)).toHaveLength(2), 15_000);
    const seen = resumed.results.map((result) => result.data!.ticketStatusChanged);
    expect(seen.map((change) => [change.ticket.id, change.status])).toEqual([
      [a.id, 'CANCELLED'],
      [b.id, 'PENDING'],
      [b.id, 'APPROVED'],
    ]);
    resumed.dispose();
  });

  it('lets subscribers with a cursor catch up, then share the stream of those from now: one upstream stream', async () => {
    const { data } = await graphql<{ ticketStatusCursor: string }>(
      system.urls.gateway,
      '{ ticketStatusCursor }',
      {},
      admin,
    );
    const early = await buy('SS'); // before the shared stream began: only a stream of its own has it
    const filter = { teamCode: 'SS' };
    const fromNow = collect<Changes>(connect(admin.authorization), STATUS, { filter });
    await live(fromNow, 'SS');
    const seen = await buy('SS');
    await eventually(() => expect(changesOf(fromNow.results, seen.id)).toHaveLength(2), 15_000);
    const [pending] = changesOf(fromNow.results, seen.id);
    const fromOld = collect<Changes>(connect(admin.authorization), STATUS, {
      filter,
      after: data!.ticketStatusCursor,
    });
    const fromRecent = collect<Changes>(connect(admin.authorization), STATUS, {
      filter,
      after: pending!.cursor,
    });
    await eventually(() => expect(changesOf(fromOld.results, seen.id)).toHaveLength(2), 15_000);
    const next = await buy('SS');
    await eventually(
      () =>
        expect(
          [fromNow, fromOld, fromRecent].map((one) => changesOf(one.results, next.id).length),
        ).toEqual([2, 2, 2]),
      15_000,
    );
    // The one from the older cursor hands over once the cohort has the change its own stream last sent.
    await eventually(async () =>
      expect(await gauge(system.urls.gateway, 'gateway_upstream_subscriptions')).toBe(1),
    );
    const cursors = (one: { results: ReadonlyArray<{ data?: Changes | null }> }) =>
      one.results.map((result) => result.data!.ticketStatusChanged.cursor);
    const shared = cursors(fromNow);
    const old = cursors(fromOld);
    expect(changesOf(fromOld.results, early.id).map((change) => change.status)).toEqual([
      'PENDING',
      'APPROVED',
    ]);
    expect(new Set(old).size).toBe(old.length);
    expect(old.slice(old.indexOf(shared[0]!))).toEqual(shared);
    expect(cursors(fromRecent)).toEqual(shared.slice(shared.indexOf(pending!.cursor) + 1));
    for (const one of [fromNow, fromOld, fromRecent]) one.dispose();
  });

  it('gives a cursor for now (ticketStatusCursor): a stream from it that breaks before its first change misses nothing', async () => {
    const { data, errors } = await graphql<{ ticketStatusCursor: string }>(
      system.urls.gateway,
      '{ ticketStatusCursor }',
      {},
      admin,
    );
    expect(errors).toBeUndefined();
    const now = data!.ticketStatusCursor;
    // Made before anyone subscribed, after the cursor: a from-now stream would never see it.
    const early = await buy('AA');
    const late = collect<Changes>(connect(admin.authorization), STATUS, {
      filter: { teamCode: 'AA' },
      after: now,
    });
    await eventually(() => expect(changesOf(late.results, early.id)).toHaveLength(2), 15_000);
    expect(late.results[0]!.data!.ticketStatusChanged.ticket.id).toBe(early.id);
    late.dispose();
    const refused = await graphql(system.urls.gateway, '{ ticketStatusCursor }', {}, alice);
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });

  it('keeps a stream whole across a center restart: the gateway reopens it after the last cursor', async () => {
    const watching = collect<Changes>(connect(admin.authorization), STATUS, {
      filter: { teamCode: 'KT' },
    });
    await live(watching, 'KT');
    const before = await buy('KT');
    await system.center.stop();
    const during = await buy('KT'); // ticketing needs no center
    await system.center.start();
    const after = await buy('KT');
    const ids = [before.id, during.id, after.id];
    await eventually(
      () => expect(ids.map((id) => changesOf(watching.results, id).length)).toEqual([2, 2, 2]),
      20_000,
    );
    const cursors = watching.results.map((result) => result.data!.ticketStatusChanged.cursor);
    expect(new Set(cursors).size).toBe(cursors.length);
    const mine = watching.results
      .map((result) => result.data!.ticketStatusChanged)
      .filter((change) => ids.includes(change.ticket.id))
      .map((change) => [ids.indexOf(change.ticket.id), change.status]);
    expect(mine).toEqual([
      [0, 'PENDING'],
      [0, 'APPROVED'],
      [1, 'PENDING'],
      [1, 'APPROVED'],
      [2, 'PENDING'],
      [2, 'APPROVED'],
    ]);
    expect(
      logs.lines.some(
        (line) => line.msg === 'upstream subscription broken; reopening after the last cursor',
      ),
    ).toBe(true);
    watching.dispose();
  });

  it('gives 200 subscribers every one of a burst of 100 changes, in order, none twice, none missing', async () => {
    const BURST = `subscription Burst { ticketStatusChanged(filter: { teamCode: "SS" }) { status cursor ticket { id betCredit } } }`;
    const subscribers = Array.from({ length: 200 }, () =>
      collect<Changes>(connect(admin.authorization), BURST),
    );
    await live(subscribers, 'SS');
    const bought = await Promise.all(Array.from({ length: 50 }, (_, i) => buy('SS', i + 1)));
    const ids = new Set(bought.map((ticket) => ticket.id));
    const burstOf = (subscriber: (typeof subscribers)[number]) =>
      subscriber.results
        .map((result) => result.data!.ticketStatusChanged)
        .filter((change) => ids.has(change.ticket.id));
    await eventually(
      () => expect(subscribers.filter((one) => burstOf(one).length < 100)).toHaveLength(0),
      60_000,
      100,
    );
    const reference = burstOf(subscribers[0]!).map((change) => change.cursor);
    expect(new Set(reference).size).toBe(100);
    for (const subscriber of subscribers) {
      expect(burstOf(subscriber).map((change) => change.cursor)).toEqual(reference);
      expect(subscriber.results.every((result) => result.errors === undefined)).toBe(true);
      subscriber.dispose();
    }
    for (const id of ids)
      expect(
        burstOf(subscribers[0]!)
          .filter((change) => change.ticket.id === id)
          .map((change) => change.status),
      ).toEqual(['PENDING', 'APPROVED']);
  }, 120_000);

  it('keeps running subscriptions through a supergraph reload; new ones see the new schema', async () => {
    const watching = collect<Changes>(connect(admin.authorization), STATUS, {
      filter: { teamCode: 'LG' },
    });
    await live(watching, 'LG');
    const original = readFileSync(supergraphPath, 'utf8');
    const edited = original.replace(
      /(type TeamTotal\b[^{]*\{)/,
      '$1\n  rank: Int @join__field(graph: TOTALLING)',
    );
    expect(edited).not.toBe(original);
    writeFileSync(supergraphPath, edited);
    await eventually(
      () => expect(logs.lines.some((line) => line.msg === 'supergraph reloaded')).toBe(true),
      10_000,
    );
    const ticket = await buy('LG', 3);
    await eventually(() => expect(changesOf(watching.results, ticket.id)).toHaveLength(2), 15_000);
    expect(watching.results.every((result) => result.errors === undefined)).toBe(true);
    const invalid = collect(
      connect(admin.authorization),
      'subscription { teamTotalsChanged(teamCode: "KT") { rank nope } }',
    );
    await expect(invalid.ended).rejects.toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/"nope"/),
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      }),
    ]); // validated against the new schema: `rank` is known, `nope` is not
    watching.dispose();

    // A reload that drops a field ends the subscriptions selecting it; the others run on.
    const selecting = collect<Changes>(
      connect(admin.authorization),
      'subscription { ticketStatusChanged(filter: { teamCode: "LG" }) { status previousStatus cursor ticket { id } } }',
    );
    const without = collect<Changes>(connect(admin.authorization), STATUS_WITHOUT_PREVIOUS, {
      filter: { teamCode: 'LG' },
    });
    await live([selecting, without], 'LG');
    const reloads = () => logs.lines.filter((line) => line.msg === 'supergraph reloaded').length;
    const before = reloads();
    const dropped = edited.replace(
      /\n\s*"""The status before this change; null for the purchase\."""\n\s*previousStatus: TicketStatus\n/,
      '\n',
    );
    expect(dropped).not.toBe(edited);
    writeFileSync(supergraphPath, dropped);
    await eventually(() => expect(reloads()).toBe(before + 1), 10_000);
    await eventually(() =>
      expect(selecting.results.at(-1)?.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/^The schema changed: .*previousStatus/),
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      }),
    );
    await selecting.ended;
    const after = await buy('LG', 4);
    await eventually(() => expect(changesOf(without.results, after.id)).toHaveLength(2), 15_000);
    without.dispose();
    writeFileSync(supergraphPath, original);
    await eventually(() => expect(reloads()).toBe(before + 2), 10_000);
  });

  it("shows an admin a team's totals, then each change, from the totalling subgraph", async () => {
    type Totals = {
      teamTotalsChanged: { teamCode: string; totalCredit: number; ticketCount: number };
    };
    const totals = collect<Totals>(
      connect(admin.authorization),
      'subscription { teamTotalsChanged(teamCode: "AA") { teamCode totalCredit ticketCount } }',
    );
    await eventually(() => expect(totals.results).toHaveLength(1));
    const now = totals.results[0]!.data!.teamTotalsChanged;
    const ticket = await buy('AA', 30);
    const latest = () => totals.results.at(-1)!.data!.teamTotalsChanged;
    await eventually(() =>
      expect(latest()).toEqual({
        teamCode: 'AA',
        totalCredit: now.totalCredit + 30,
        ticketCount: now.ticketCount + 1,
      }),
    );
    await cancel(ticket.id);
    await eventually(() => expect(latest()).toEqual(now));
    // Another subscriber of the same operation gets the totals now too (totals are not shared as a stream).
    const second = collect<Totals>(
      connect(admin.authorization),
      'subscription { teamTotalsChanged(teamCode: "AA") { teamCode totalCredit ticketCount } }',
    );
    await eventually(() => expect(second.results[0]?.data?.teamTotalsChanged).toEqual(now));
    second.dispose();
    const unknown = collect<Totals>(
      connect(admin.authorization),
      'subscription { teamTotalsChanged(teamCode: "XX") { teamCode } }',
    );
    await eventually(() =>
      expect(unknown.results[0]?.errors?.[0]?.extensions?.['code']).toBe('UNKNOWN_TEAM'),
    );
    totals.dispose();
  });

  it('frees everything upstream when clients leave: connections, upstream streams, feed watchers', async () => {
    const counts = async () => ({
      connections: await gauge(system.urls.gateway, 'graphql_ws_connections'),
      upstream: await gauge(system.urls.gateway, 'gateway_upstream_subscriptions'),
      watchers: await gauge(system.urls.center, 'status_feed_watchers'),
    });
    await eventually(async () =>
      expect(await counts()).toMatchObject({ upstream: 0, watchers: 0 }),
    );
    const { connections } = await counts();
    const leaving = Array.from({ length: 3 }, () => {
      const client = connect(admin.authorization);
      return { client, subscription: collect<Changes>(client, STATUS) };
    });
    await live(
      leaving.map((one) => one.subscription),
      'AA',
    );
    // The same operation for the same roles: one cohort, one upstream stream, one feed watcher.
    expect(await counts()).toEqual({ connections: connections + 3, upstream: 1, watchers: 1 });
    for (const one of leaving) await one.client.dispose();
    await eventually(async () =>
      expect(await counts()).toEqual({ connections, upstream: 0, watchers: 0 }),
    );
  });

  it('lets only the gateway subscribe on a subgraph, with a token made for that very operation', async () => {
    const center = liveClient(system.urls.center, undefined);
    clients.push(center);
    const unsigned = collect<Changes>(center, STATUS);
    await expect(unsigned.ended).rejects.toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) }),
    ]);
    const gateway = createServiceTokens({ keys: config.gateway.serviceKeys, self: 'gateway' });
    const signedFor = async (query: string) =>
      `Bearer ${await gateway.sign('center', {
        identity: { subject: 'root', roles: ['admin'] },
        binding: {
          method: SUBSCRIBE_METHOD,
          path: SUBSCRIBE_PATH,
          digest: operationDigest(query, {}),
        },
      })}`;
    const query = 'subscription { ticketStatusChanged { status } }';
    const stopping: Array<() => void> = [];
    const withToken = (authorization: string) => {
      const outcome: { refusal?: unknown } = {};
      const ended = new Promise((resolve, reject) => {
        const stop = center.subscribe(
          { query, extensions: { authorization } },
          {
            next: () => undefined,
            complete: () => resolve(undefined),
            error: (error) => ((outcome.refusal = error), reject(error)),
          },
        );
        stopping.push(stop);
      });
      ended.catch(() => undefined);
      return { outcome, ended };
    };
    // A token the gateway made for another operation is no use for this one.
    const replayed = withToken(
      await signedFor('subscription { ticketStatusChanged { status cursor } }'),
    );
    await expect(replayed.ended).rejects.toEqual([
      expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED', reason: 'wrong request' } }),
    ]);
    const proper = withToken(await signedFor(query));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(proper.outcome.refusal).toBeUndefined(); // accepted, waiting for changes
    for (const stop of stopping) stop();
  });

  it("refuses a buyer's subscription, a connection without a token, and a cursor it did not make", async () => {
    const buyer = collect<Changes>(connect(alice.authorization), STATUS);
    await expect(buyer.ended).rejects.toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
    ]);
    let closedWith: number | undefined;
    const anonymous = collect<Changes>(
      connect(undefined, (code) => (closedWith = code)),
      STATUS,
    );
    await expect(anonymous.ended).rejects.toBeDefined();
    expect(closedWith).toBe(4403);
    const badCursor = collect<Changes>(connect(admin.authorization), STATUS, { after: 'nope' });
    await eventually(() =>
      expect(badCursor.results[0]?.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT'),
    );
    // A variable's default counts: this one is a cursor the center refuses.
    const defaulted = collect<Changes>(
      connect(admin.authorization),
      'subscription ($after: String = "nope") { ticketStatusChanged(after: $after) { status } }',
    );
    await eventually(() =>
      expect(defaulted.results[0]?.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT'),
    );
    const mistyped = collect<Changes>(connect(admin.authorization), STATUS, {
      filter: { status: 'LOST' },
    });
    await expect(mistyped.ended).rejects.toEqual([
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } }),
    ]);
    // The token is checked again at each subscribe: one that expired since the connection was made is refused.
    const expiring = `Bearer ${await signDevelopmentToken({
      subject: 'root',
      roles: ['admin'],
      issuedAt: new Date(Date.now() - 3598_000),
      ttlSeconds: 3600,
    })}`;
    const client = connect(expiring);
    const early = collect<Changes>(client, STATUS);
    await eventually(() =>
      expect(logs.lines.some((line) => line.msg === 'subscription started')).toBe(true),
    );
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const late = collect<Changes>(client, STATUS); // on the same connection, kept open by `early`
    await expect(late.ended).rejects.toEqual([
      expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } }),
    ]);
    early.dispose();
  });
});

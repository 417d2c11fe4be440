import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import { eventually, logCollector } from '@sportskk/testing';
import { freshDatabase } from '../fresh-database.ts';
import { startSystem, type System } from '../system.ts';
import { BUY, graphql, signedIn, testConfig, type TicketData } from '../testing.ts';
import { collect, liveClient } from './live-client.ts';

// The global setup of the e2e tests starts a PostgreSQL server when none is configured.
const serverUrl = process.env['DATABASE_URL']!;
const FEED = `subscription { ticketStatusChanged(filter: { teamCode: "LG" }) { status cursor ticket { id betCredit } } }`;
type Changes = { ticketStatusChanged: { status: string; cursor: string; ticket: { id: string } } };

let database: Awaited<ReturnType<typeof freshDatabase>>;
const replicas: System[] = [];
const clients: Client[] = [];
beforeAll(async () => {
  database = await freshDatabase(serverUrl);
  for (let i = 0; i < 2; i++)
    replicas.push(
      await startSystem(testConfig({ DATABASE_URL: database.url }), {
        logDestination: logCollector().stream,
      }),
    );
}, 60_000);
afterAll(async () => {
  for (const client of clients) await client.dispose();
  for (const replica of replicas) await replica.stop();
  await database?.drop();
});

describe('two replicas of every service on one database', () => {
  it('give each subscriber, whichever gateway it is on, every change exactly once', async () => {
    const admin = await signedIn('root', 'admin');
    const alice = await signedIn('alice');
    const subscribers = replicas.flatMap((replica) =>
      [0, 1].map(() => {
        const client = liveClient(replica.urls.gateway, admin.authorization);
        clients.push(client);
        return collect<Changes>(client, FEED);
      }),
    );
    const buy = async (gateway: string) => {
      const { data } = await graphql<{ buyTicket: { ticket: TicketData } }>(
        gateway,
        BUY,
        { input: { teamCode: 'LG', betCredit: 5 } },
        alice,
      );
      return data!.buyTicket.ticket.id;
    };
    const seenBy = (id: string) =>
      subscribers.map(
        (one) => one.results.filter((r) => r.data?.ticketStatusChanged.ticket.id === id).length,
      );
    await eventually(
      async () => {
        const marker = await buy(replicas[0]!.urls.gateway);
        await eventually(() => expect(seenBy(marker).every((n) => n > 0)).toBe(true), 1000);
      },
      30_000,
      0,
    );
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push(await buy(replicas[i % 2]!.urls.gateway));
    await eventually(() => {
      for (const id of ids) expect(seenBy(id)).toEqual([2, 2, 2, 2]);
    }, 20_000);
    const cursors = subscribers.map((one) =>
      one.results
        .map((r) => r.data!.ticketStatusChanged)
        .filter((change) => ids.includes(change.ticket.id))
        .map((change) => change.cursor),
    );
    for (const each of cursors) expect(each).toEqual(cursors[0]);
    expect(new Set(cursors[0]).size).toBe(20);
  }, 90_000);
});

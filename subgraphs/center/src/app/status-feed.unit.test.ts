import { randomUUID } from 'node:crypto';
import {
  createInMemoryEventStore,
  type EventStore,
  type RecordedEvent,
} from '@sportskk/event-store';
import { createLogger } from '@sportskk/platform';
import { afterEach, describe, expect, it } from 'vitest';
import { ticketEventLog } from '../testing/ticket-events.ts';
import { startStatusFeed, WatcherTooSlow, type StatusFeed } from './status-feed.ts';

const logger = createLogger('status-feed-test', 'silent');
let feed: StatusFeed | undefined;
afterEach(async () => feed?.stop());

/** Appends the events a ticketEventLog built, as ticketing would. */
function writer(store: EventStore) {
  const log = ticketEventLog();
  const append = async (event: RecordedEvent) =>
    store.appendToStream(event.streamName, [
      { type: event.type, data: event.data, metadata: event.metadata },
    ]);
  return {
    buy: async (ticketId = randomUUID(), teamCode = 'KT') => {
      await append(log.purchase(ticketId, { teamCode }));
      return ticketId;
    },
    approve: (ticketId: string) => append(log.approve(ticketId)),
    cancel: (ticketId: string) => append(log.cancel(ticketId)),
  };
}

async function take<T>(iterator: AsyncIterator<T>, count: number): Promise<T[]> {
  const taken: T[] = [];
  while (taken.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    taken.push(next.value);
  }
  return taken;
}

describe('the status feed', () => {
  it('tells every watcher each change from now on, in order, with the status before it', async () => {
    const store = createInMemoryEventStore();
    const tickets = writer(store);
    await tickets.buy(); // before the feed: not "from now on"
    feed = await startStatusFeed(store, { logger });
    const [a, b] = [feed.watch({}), feed.watch({})];
    const id = await tickets.buy(randomUUID(), 'LG');
    await tickets.approve(id);
    await tickets.cancel(id);
    for (const watcher of [a, b]) {
      const changes = await take(watcher, 3);
      expect(changes.map((change) => [change.previousStatus, change.status])).toEqual([
        [null, 'PENDING'],
        ['PENDING', 'APPROVED'],
        ['APPROVED', 'CANCELLED'],
      ]);
      expect(changes.every((change) => change.ticketId === id && change.teamCode === 'LG')).toBe(
        true,
      );
    }
  });

  it('resumes after a cursor: the log up to now, then live, none twice, over several pages', async () => {
    const store = createInMemoryEventStore();
    const tickets = writer(store);
    feed = await startStatusFeed(store, { logger, pageSize: 2 });
    const first = feed.watch({});
    const ids = [await tickets.buy(), await tickets.buy(), await tickets.buy()];
    for (const id of ids) await tickets.approve(id);
    const seen = await take(first, 6);
    const resumed = feed.watch({ after: seen[1]!.position });
    const lastId = await tickets.buy();
    const changes = await take(resumed, 5);
    expect(changes.map((change) => change.position)).toEqual([
      ...seen.slice(2).map((change) => change.position),
      expect.anything(),
    ]);
    expect(changes.at(-1)).toMatchObject({ ticketId: lastId, status: 'PENDING' });
    const again = await take(feed.watch({ after: seen[5]!.position }), 1);
    expect(again.map((change) => change.ticketId)).toEqual([lastId]);
  });

  it('catches up only to where the feed stood when the watcher came: the rest comes live', async () => {
    const store = createInMemoryEventStore();
    let reads = 0;
    const counted: EventStore = {
      ...store,
      readAll: (options) => (reads++, store.readAll(options)),
    };
    const tickets = writer(store);
    feed = await startStatusFeed(counted, { logger, pageSize: 2 });
    const first = feed.watch({});
    for (let i = 0; i < 4; i++) await tickets.buy();
    const before = await take(first, 4);
    const resumed = feed.watch({ after: before[0]!.position });
    for (let i = 0; i < 6; i++) await tickets.buy();
    const after = await take(first, 6); // the feed has them all now
    expect((await take(resumed, 9)).map((change) => change.position)).toEqual(
      [...before.slice(1), ...after].map((change) => change.position),
    );
    expect(reads).toBe(2); // 3 changes to catch up on, 2 a page
  });

  it('gives only what follows a cursor ahead of it (another replica got there first)', async () => {
    const store = createInMemoryEventStore();
    const tickets = writer(store);
    feed = await startStatusFeed(store, { logger });
    const ahead = feed.watch({});
    await tickets.buy();
    const [purchase] = await take(ahead, 1);
    const slowStore = createInMemoryEventStore(); // a second feed that has not seen it
    const behind = await startStatusFeed(slowStore, { logger });
    const watcher = behind.watch({ after: purchase!.position });
    await writer(slowStore).buy(); // lands at the same position as the purchase: not after it
    const later = await writer(slowStore).buy();
    expect((await take(watcher, 1)).map((change) => change.ticketId)).toEqual([later]);
    await behind.stop();
  });

  it('filters by ticket, team and status, in catch-up and live alike', async () => {
    const store = createInMemoryEventStore();
    const tickets = writer(store);
    feed = await startStatusFeed(store, { logger });
    const all = feed.watch({});
    const kt = await tickets.buy(randomUUID(), 'KT');
    const lg = await tickets.buy(randomUUID(), 'LG');
    await tickets.approve(kt);
    await tickets.approve(lg);
    const [start] = await take(all, 1);
    const watch = (filter: Parameters<StatusFeed['watch']>[0]['filter']) =>
      feed!.watch({ filter, after: start!.position });
    const teamLg = watch({ teamCode: 'LG' });
    const approved = watch({ status: 'APPROVED' });
    const ticketKt = watch({ ticketId: kt });
    await tickets.cancel(kt);
    await tickets.cancel(lg);
    expect((await take(teamLg, 3)).map((change) => change.status)).toEqual([
      'PENDING',
      'APPROVED',
      'CANCELLED',
    ]);
    expect((await take(approved, 2)).map((change) => change.ticketId)).toEqual([kt, lg]);
    expect((await take(ticketKt, 2)).map((change) => change.status)).toEqual([
      'APPROVED',
      'CANCELLED',
    ]);
  });

  it('ends a watcher that falls more than its buffer behind, and forgets it', async () => {
    const store = createInMemoryEventStore();
    const tickets = writer(store);
    feed = await startStatusFeed(store, { logger, bufferSize: 2 });
    const slow = feed.watch({});
    const fast = feed.watch({});
    for (let i = 0; i < 3; i++) {
      await tickets.buy();
      expect(await take(fast, 1)).toHaveLength(1); // it keeps up; `slow` does not read
    }
    await expect(slow.next()).rejects.toBeInstanceOf(WatcherTooSlow);
    expect(feed.watchers()).toBe(1);
  });

  it('ends a waiting watcher at once when its reader returns, or when the feed stops', async () => {
    const store = createInMemoryEventStore();
    feed = await startStatusFeed(store, { logger });
    const returning = feed.watch({});
    const waiting = returning.next();
    await returning.return!();
    await expect(waiting).resolves.toEqual({ done: true, value: undefined });
    const other = feed.watch({}).next();
    expect(feed.watchers()).toBe(1);
    await feed.stop();
    await expect(other).resolves.toMatchObject({ done: true });
    expect(feed.watchers()).toBe(0);
    feed = undefined;
  });

  it('resubscribes after the log fails it, losing no change', async () => {
    const store = createInMemoryEventStore();
    let failures = 1;
    const flaky: EventStore = {
      ...store,
      readStreams: async (names) => {
        if (failures-- > 0) throw new Error('connection lost');
        return store.readStreams(names);
      },
    };
    const tickets = writer(store);
    const id = await tickets.buy(); // before the feed: its approval needs a read of the stream
    feed = await startStatusFeed(flaky, { logger, retryMs: 5 });
    const watcher = feed.watch({});
    await tickets.approve(id);
    await tickets.cancel(id);
    const changes = await take(watcher, 2);
    expect(changes.map((change) => [change.previousStatus, change.status])).toEqual([
      ['PENDING', 'APPROVED'],
      ['APPROVED', 'CANCELLED'],
    ]);
    expect(failures).toBeLessThan(0);
  });

  it("reads a ticket's stream only when the feed has not read the event before the change", async () => {
    const store = createInMemoryEventStore();
    const reads: string[] = [];
    const counted: EventStore = {
      ...store,
      readStreams: (names) => (reads.push(...names), store.readStreams(names)),
    };
    const tickets = writer(store);
    const older = await tickets.buy(); // before the feed
    feed = await startStatusFeed(counted, { logger, knownTickets: 1 });
    const watcher = feed.watch({});
    const seen: Array<[string, string | null, string]> = [];
    // One change at a time, so each is a batch of its own.
    const step = async (change: Promise<unknown>) => {
      await change;
      const [next] = await take(watcher, 1);
      seen.push([next!.ticketId, next!.previousStatus, next!.status]);
    };
    const live = randomUUID();
    await step(tickets.buy(live));
    await step(tickets.approve(live));
    await step(tickets.cancel(live));
    await step(tickets.approve(older));
    const evicted = randomUUID();
    await step(tickets.buy(evicted)); // it keeps one ticket: `older` is forgotten
    await step(tickets.cancel(older));
    await step(tickets.approve(evicted));
    expect(seen).toEqual([
      [live, null, 'PENDING'],
      [live, 'PENDING', 'APPROVED'],
      [live, 'APPROVED', 'CANCELLED'],
      [older, 'PENDING', 'APPROVED'],
      [evicted, null, 'PENDING'],
      [older, 'APPROVED', 'CANCELLED'],
      [evicted, 'PENDING', 'APPROVED'],
    ]);
    const ticketOf = (stream: string) => [older, evicted, live].find((id) => stream.endsWith(id));
    expect(reads.map(ticketOf)).toEqual([older, older, evicted]);
  });

  it('catches a watcher up from an old cursor on tickets the feed has since moved past', async () => {
    const store = createInMemoryEventStore();
    const tickets = writer(store);
    feed = await startStatusFeed(store, { logger });
    const live = feed.watch({});
    const id = await tickets.buy();
    await tickets.approve(id);
    await tickets.cancel(id);
    const [purchase] = await take(live, 3);
    const resumed = feed.watch({ after: purchase!.position });
    expect(
      (await take(resumed, 2)).map((change) => [change.previousStatus, change.status]),
    ).toEqual([
      ['PENDING', 'APPROVED'],
      ['APPROVED', 'CANCELLED'],
    ]);
  });
});

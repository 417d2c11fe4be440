import { randomUUID } from 'node:crypto';
import { createInMemoryEventStore, type EventStore } from '@sportskk/event-store';
import { createPostgresEventStore } from '@sportskk/event-store/postgres';
import { createPgliteSqlClient, openEmbeddedDatabase, type EmbeddedDatabase } from '@sportskk/sql';
import { ticketStream } from '@sportskk/contracts';
import { eventually } from '@sportskk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresTicketViewStore } from '../adapters/postgres/postgres-ticket-view-store.ts';
import type { TicketViewStore } from '../ports/ticket-view-store.ts';
import { ticketEventLog } from '../testing/ticket-events.ts';
import { createTicketViewProjection, TICKET_VIEW_PROJECTION } from './ticket-view-projection.ts';

let database: EmbeddedDatabase;
const newStore = () =>
  createPostgresTicketViewStore(createPgliteSqlClient(database.db), {
    eventStore: 'postgres',
    schema: `center_${randomUUID().slice(0, 8)}`,
  });
beforeAll(async () => void (database = await openEmbeddedDatabase()), 60_000);
afterAll(async () => database?.close());
const running = () => new AbortController().signal;

describe('the ticket view projection', () => {
  it('follows ticket streams and the three ticket event types', async () => {
    const projection = createTicketViewProjection(await newStore());
    expect(projection.name).toBe(TICKET_VIEW_PROJECTION);
    expect(projection.filter).toEqual({
      streamPrefixes: ['ticket-'],
      eventTypes: ['TicketPurchased', 'TicketApproved', 'TicketCancelled'],
    });
  });

  it("builds the view and stores each event's position as its checkpoint", async () => {
    const store = await newStore();
    const projection = createTicketViewProjection(store);
    expect(await projection.loadCheckpoint()).toBeUndefined();
    const log = ticketEventLog();
    const id = randomUUID();
    const events = [log.purchase(id), log.approve(id)];
    for (const event of events) await projection.apply(event, running());
    expect(await store.get(id)).toMatchObject({ status: 'APPROVED', version: 1 });
    expect(await projection.loadCheckpoint()).toEqual(events[1]!.position);
    expect(await store.loadCheckpoint('another-projection')).toBeUndefined();
  });

  it('gives the same view from a batch as from its events one by one, replays and duplicates included', async () => {
    const log = ticketEventLog();
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    const events = [
      log.purchase(a),
      log.purchase(b),
      log.approve(a),
      log.purchase(c),
      log.cancel(a),
      log.approve(b),
    ];
    const oneByOne = await newStore();
    const single = createTicketViewProjection(oneByOne);
    for (const event of events) await single.apply(event, running());
    const batched = await newStore();
    const batch = createTicketViewProjection(batched);
    await batch.applyBatch!(events.slice(0, 4), running());
    await batch.applyBatch!(events.slice(1), running()); // redelivered from an older position: overlaps the first
    for (const id of [a, b, c]) expect(await batched.get(id)).toEqual(await oneByOne.get(id));
    expect(await batched.get(a)).toMatchObject({ status: 'CANCELLED' });
    expect(await batch.loadCheckpoint()).toEqual(events[5]!.position);
  });

  it('uses its own checkpoint name when given one', async () => {
    const store = await newStore();
    const projection = createTicketViewProjection(store, { name: 'center-view-rebuild' });
    const event = ticketEventLog().purchase();
    await projection.apply(event, running());
    expect(await store.loadCheckpoint('center-view-rebuild')).toEqual(event.position);
    expect(await store.loadCheckpoint(TICKET_VIEW_PROJECTION)).toBeUndefined();
  });

  /** A minimal runner, as the projection runner does it: subscribe after the checkpoint with the projection's filter. */
  async function follow(
    events: EventStore,
    store: TicketViewStore,
    until: (store: TicketViewStore) => Promise<void>,
  ) {
    const projection = createTicketViewProjection(store);
    const after = await projection.loadCheckpoint();
    const subscription = events.subscribeToAll({
      ...(after ? { after } : {}),
      filter: projection.filter,
      handler: (event) => projection.apply(event, running()),
    });
    await eventually(() => until(store));
    await subscription.stop();
  }

  it.each([
    [
      'in memory',
      async () => ({ events: createInMemoryEventStore(), close: async () => undefined }),
    ],
    [
      'on PostgreSQL (PGlite)',
      async () => {
        const embedded = await openEmbeddedDatabase();
        const events = await createPostgresEventStore(createPgliteSqlClient(embedded.db));
        return { events, close: async () => (await events.close(), await embedded.close()) };
      },
    ],
  ])(
    'follows a real event store (%s) across a restart, ignoring other streams and types',
    async (_label, openEvents) => {
      const { events, close } = await openEvents();
      const store = await newStore();
      const [first, second] = [randomUUID(), randomUUID()];
      const meta = { correlationId: 'corr-flow', time: '2026-05-01T10:00:00.000Z' };
      await events.appendToStream(ticketStream(first), [
        {
          type: 'TicketPurchased',
          data: { ticketId: first, teamCode: 'KT', betCredit: 10, purchasedAt: meta.time },
          metadata: meta,
        },
      ]);
      await events.appendToStream(`order-${first}`, [
        {
          type: 'TicketApproved',
          data: { ticketId: first, approvedAt: meta.time },
          metadata: meta,
        },
      ]);
      await events.appendToStream(ticketStream(first), [
        { type: 'TicketNoted', data: { ticketId: first }, metadata: meta },
      ]);
      await follow(events, store, async (s) =>
        expect(await s.get(first)).toMatchObject({ status: 'PENDING' }),
      );

      await events.appendToStream(ticketStream(first), [
        {
          type: 'TicketApproved',
          data: { ticketId: first, approvedAt: meta.time },
          metadata: meta,
        },
      ]);
      await events.appendToStream(ticketStream(second), [
        {
          type: 'TicketPurchased',
          data: { ticketId: second, teamCode: 'LG', betCredit: 5, purchasedAt: meta.time },
          metadata: meta,
        },
      ]);
      await follow(events, store, async (s) =>
        expect((await s.list({ filter: {}, first: 10 })).totalCount).toBe(2),
      );
      const view = await store.get(first);
      expect(view).toMatchObject({ status: 'APPROVED', version: 2 });
      expect(
        view?.history.map((entry) => [entry.type, entry.version, entry.correlationId]),
      ).toEqual([
        ['TicketPurchased', 0, 'corr-flow'],
        ['TicketApproved', 2, 'corr-flow'],
      ]);
      await close();
    },
  );
});

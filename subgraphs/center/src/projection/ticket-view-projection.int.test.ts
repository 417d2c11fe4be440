import { randomUUID } from 'node:crypto';
import { createInMemoryEventStore, type EventStore } from '@sportskk/event-store';
import { createPostgresEventStore } from '@sportskk/event-store/postgres';
import { eventually } from '@sportskk/event-store/testing';
import { createPgliteSqlClient, openEmbeddedDatabase, type EmbeddedDatabase } from '@sportskk/sql';
import { ticketStream } from '@sportskk/ticketing/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketStatusChange } from '../domain/ticket-view.ts';
import { createPostgresTicketViewStore } from '../adapters/postgres/postgres-ticket-view-store.ts';
import type { TicketViewStore } from '../ports/ticket-view-store.ts';
import { ticketEventLog } from '../testing/ticket-events.ts';
import { createTicketViewProjection, TICKET_VIEW_PROJECTION } from './ticket-view-projection.ts';

let database: EmbeddedDatabase;
const newStore = () => createPostgresTicketViewStore(createPgliteSqlClient(database.db), { schema: `center_${randomUUID().slice(0, 8)}` });
beforeAll(async () => void (database = await openEmbeddedDatabase()), 60_000);
afterAll(async () => database?.close());

describe('the ticket view projection', () => {
  it('follows ticket streams and the three ticket event types', async () => {
    const projection = createTicketViewProjection(await newStore());
    expect(projection.name).toBe(TICKET_VIEW_PROJECTION);
    expect(projection.filter).toEqual({ streamPrefixes: ['ticket-'], eventTypes: ['TicketPurchased', 'TicketApproved', 'TicketCancelled'] });
  });

  it('builds the view and stores each event\'s position as its checkpoint', async () => {
    const store = await newStore();
    const projection = createTicketViewProjection(store);
    expect(await projection.loadCheckpoint()).toBeUndefined();
    const log = ticketEventLog();
    const id = randomUUID();
    const events = [log.purchase(id), log.approve(id)];
    for (const event of events) await projection.apply(event);
    expect(await store.get(id)).toMatchObject({ status: 'APPROVED', version: 1 });
    expect(await projection.loadCheckpoint()).toEqual(events[1]!.position);
    expect(await store.loadCheckpoint('another-projection')).toBeUndefined();
  });

  it('reports each status change once, after it is stored, and nothing on a replay', async () => {
    const store = await newStore();
    const changes: Array<TicketStatusChange & { stored: string | undefined }> = [];
    const projection = createTicketViewProjection(store, {
      onStatusChanged: (change) => void store.get(change.ticketId).then((doc) => changes.push({ ...change, stored: doc?.status })),
    });
    const log = ticketEventLog();
    const id = randomUUID();
    const events = [log.purchase(id), log.approve(id), log.cancel(id), log.approve(id)];
    for (const event of [...events, ...events]) await projection.apply(event);
    await eventually(() => expect(changes).toHaveLength(3));
    expect(changes.map((c) => [c.previousStatus, c.status, c.version, c.stored])).toEqual([
      [null, 'PENDING', 0, 'PENDING'],
      ['PENDING', 'APPROVED', 1, 'APPROVED'],
      ['APPROVED', 'CANCELLED', 2, 'CANCELLED'],
    ]);
  });

  it('carries on when the listener throws, handing the error over', async () => {
    const store = await newStore();
    const errors: unknown[] = [];
    const projection = createTicketViewProjection(store, {
      onStatusChanged: () => {
        throw new Error('subscriber gone');
      },
      onListenerError: (error) => void errors.push(error),
    });
    const log = ticketEventLog();
    const id = randomUUID();
    await projection.apply(log.purchase(id));
    await projection.apply(log.approve(id));
    expect(errors.map((e) => (e as Error).message)).toEqual(['subscriber gone', 'subscriber gone']);
    expect(await store.get(id)).toMatchObject({ status: 'APPROVED' });
  });

  it('uses its own checkpoint name when given one', async () => {
    const store = await newStore();
    const projection = createTicketViewProjection(store, { name: 'center-view-rebuild' });
    const event = ticketEventLog().purchase();
    await projection.apply(event);
    expect(await store.loadCheckpoint('center-view-rebuild')).toEqual(event.position);
    expect(await store.loadCheckpoint(TICKET_VIEW_PROJECTION)).toBeUndefined();
  });

  /** A minimal runner, as projections/ will do it: subscribe after the checkpoint with the projection's filter. */
  async function follow(events: EventStore, store: TicketViewStore, until: (store: TicketViewStore) => Promise<void>) {
    const projection = createTicketViewProjection(store);
    const after = await projection.loadCheckpoint();
    const subscription = events.subscribeToAll({ ...(after ? { after } : {}), filter: projection.filter, handler: (event) => projection.apply(event) });
    await eventually(() => until(store));
    await subscription.stop();
  }

  it.each([
    ['in memory', async () => ({ events: createInMemoryEventStore(), close: async () => undefined })],
    ['on PostgreSQL (PGlite)', async () => {
      const embedded = await openEmbeddedDatabase();
      const events = await createPostgresEventStore(createPgliteSqlClient(embedded.db));
      return { events, close: async () => (await events.close(), await embedded.close()) };
    }],
  ])('follows a real event store (%s) across a restart, ignoring other streams and types', async (_label, openEvents) => {
    const { events, close } = await openEvents();
    const store = await newStore();
    const [first, second] = [randomUUID(), randomUUID()];
    const meta = { correlationId: 'corr-flow', time: '2026-05-01T10:00:00.000Z' };
    await events.appendToStream(ticketStream(first), [{ type: 'TicketPurchased', data: { ticketId: first, teamCode: 'KT', betCredit: 10, purchasedAt: meta.time }, metadata: meta }]);
    await events.appendToStream(`order-${first}`, [{ type: 'TicketApproved', data: { ticketId: first, approvedAt: meta.time }, metadata: meta }]);
    await events.appendToStream(ticketStream(first), [{ type: 'TicketNoted', data: { ticketId: first }, metadata: meta }]);
    await follow(events, store, async (s) => expect(await s.get(first)).toMatchObject({ status: 'PENDING' }));

    await events.appendToStream(ticketStream(first), [{ type: 'TicketApproved', data: { ticketId: first, approvedAt: meta.time }, metadata: meta }]);
    await events.appendToStream(ticketStream(second), [{ type: 'TicketPurchased', data: { ticketId: second, teamCode: 'LG', betCredit: 5, purchasedAt: meta.time }, metadata: meta }]);
    await follow(events, store, async (s) => expect((await s.list({ filter: {}, first: 10 })).totalCount).toBe(2));
    const view = await store.get(first);
    expect(view).toMatchObject({ status: 'APPROVED', version: 2 });
    expect(view?.history.map((entry) => [entry.type, entry.version, entry.correlationId])).toEqual([['TicketPurchased', 0, 'corr-flow'], ['TicketApproved', 2, 'corr-flow']]);
    await close();
  });
});

import { EventStoreDBClient, UnavailableError } from '@eventstore/db-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventStore, ExpectedRevision, NewEvent } from '../port.ts';
import { EventStoreError } from '../errors.ts';
import { newEvent } from '../testing/index.ts';
import { createEsdbEventStore } from './esdb-event-store.ts';

// A real client pointed at a port where nothing listens: no server, no double. Calls that reach it fail fast.
const NOWHERE = 'esdb://127.0.0.1:1?tls=false';

let client: EventStoreDBClient;
let store: EventStore;
beforeEach(() => {
  client = EventStoreDBClient.connectionString(NOWHERE);
});
afterEach(async () => {
  await store?.close();
  await client.dispose();
});

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return error instanceof EventStoreError ? error.code : `not an EventStoreError: ${String(error)}`;
}

describe('EventStoreDB adapter without a server', () => {
  it('rejects invalid input before calling the client', async () => {
    const calls = ['appendToStream', 'readStream', 'readAll', 'subscribeToAll'] as const;
    const spies = calls.map((method) => vi.spyOn(client, method));
    store = createEsdbEventStore(client);
    const appends: Array<[string, NewEvent[], unknown?]> = [
      ['', [newEvent()]],
      ['$all', [newEvent()]],
      ['ok', []],
      ['ok', [{ ...newEvent(), data: { n: 1n as never } }]],
      ['ok', [{ ...newEvent(), metadata: { actor: 'x' } as never }]],
      ['ok', [newEvent()], -1n],
      ['ok', [newEvent()], 'sometimes'],
    ];
    for (const [stream, events, expectedRevision] of appends) {
      const options =
        expectedRevision === undefined
          ? {}
          : { expectedRevision: expectedRevision as ExpectedRevision };
      expect(await codeOf(store.appendToStream(stream, events, options))).toBe('INVALID_INPUT');
    }
    expect(await codeOf(store.readStream(''))).toBe('INVALID_INPUT');
    expect(await codeOf(store.readStream('ok', { maxCount: 0 }))).toBe('INVALID_INPUT');
    expect(await codeOf(store.readStream('ok', { fromRevision: -1n }))).toBe('INVALID_INPUT');
    expect(await codeOf(store.readAll({ maxCount: 1.5 }))).toBe('INVALID_INPUT');
    expect(await codeOf(store.readAll({ filter: { eventTypes: [] } }))).toBe('INVALID_INPUT');
    expect(() =>
      store.subscribeToAll({ filter: { streamPrefixes: [''] }, handler: () => undefined }),
    ).toThrow(EventStoreError);
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it('passes connection failures of reads through unchanged', async () => {
    store = createEsdbEventStore(client);
    await expect(store.readAll()).rejects.toBeInstanceOf(UnavailableError);
    await expect(store.readStream('ticket-1')).rejects.toBeInstanceOf(UnavailableError);
  });

  it('keeps resubscribing while the server is away, and close() stops it without disposing the client', async () => {
    const drops: unknown[] = [];
    store = createEsdbEventStore(client, {
      subscription: { retryMs: 5, onDrop: (error) => drops.push(error) },
    });
    const subscribe = vi.spyOn(client, 'subscribeToAll');
    const dispose = vi.spyOn(client, 'dispose');
    const subscription = store.subscribeToAll({
      filter: { streamPrefixes: ['ticket-'] },
      handler: () => undefined,
    });
    await vi.waitFor(() => expect(drops.length).toBeGreaterThanOrEqual(2), { timeout: 5000 });
    expect(drops[0]).toBeInstanceOf(UnavailableError);
    expect(subscribe.mock.calls[0]![0]).toMatchObject({
      fromPosition: 'start',
      filter: { filterOn: 'streamName', prefixes: ['ticket-'] },
    });
    await store.close();
    await expect(subscription.done).resolves.toBeUndefined();
    const attempts = subscribe.mock.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(subscribe.mock.calls.length).toBe(attempts);
    expect(dispose).not.toHaveBeenCalled();
    expect(await codeOf(store.readAll())).toBe('STORE_CLOSED');
  });
});

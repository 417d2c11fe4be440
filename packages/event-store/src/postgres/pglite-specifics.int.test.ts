import { describe, expect, it } from 'vitest';
import { createPgliteSqlClient, openEmbeddedDatabase, type SqlClient } from '@sportskk/sql';
import type { RecordedEvent } from '../port.ts';
import { START } from '../position.ts';
import { eventually } from '@sportskk/testing';
import { newEvent, uniqueName } from '../testing/index.ts';
import { createPostgresEventStore } from './postgres-event-store.ts';

describe('PostgreSQL event store over PGlite', () => {
  it('names START as the head of an empty log', async () => {
    const database = await openEmbeddedDatabase();
    const store = await createPostgresEventStore(createPgliteSqlClient(database.db));
    expect(await store.headPosition()).toEqual(START);
    await store.appendToStream(uniqueName('first'), [newEvent()]);
    expect(await store.headPosition()).not.toEqual(START);
    await store.close();
    await database.close();
  });

  it('keeps delivering when its first LISTEN fails (retried on the next read)', async () => {
    const database = await openEmbeddedDatabase();
    const real = createPgliteSqlClient(database.db);
    let listenCalls = 0;
    const flaky: SqlClient = {
      ...real,
      listen: (channel, onNotify) =>
        ++listenCalls === 1
          ? Promise.reject(new Error('listen lost'))
          : real.listen(channel, onNotify),
    };
    const store = await createPostgresEventStore(flaky, { subscription: { retryMs: 5 } });
    const prefix = uniqueName('flaky');
    const seen: RecordedEvent[] = [];
    const subscription = store.subscribeToAll({
      filter: { streamPrefixes: [prefix] },
      handler: (event) => void seen.push(event),
    });
    await store.appendToStream(`${prefix}-1`, [newEvent({ data: { n: 1 } })]);
    await eventually(() => expect(seen.map((e) => e.data.n)).toEqual([1]), 5_000);
    expect(listenCalls).toBe(2);
    await subscription.stop();
    await store.close();
    await database.close();
  });
});

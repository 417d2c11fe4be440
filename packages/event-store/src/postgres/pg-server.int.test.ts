import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgSqlClient, type SqlClient } from '@sportskk/sql';
import type { EventStore, RecordedEvent } from '../port.ts';
import { announceAdapter, eventually } from '@sportskk/testing';
import { newEvent, uniqueName } from '../testing/index.ts';
import { createPostgresEventStore } from './postgres-event-store.ts';

const url = announceAdapter('PostgreSQL server ordering / connection loss', 'DATABASE_URL');

/** A SqlClient bound to one connection inside a transaction the test commits when it chooses. */
function heldTransactionClient(connection: pg.PoolClient): SqlClient {
  const queryable = {
    query: async <Row>(text: string, params: readonly unknown[] = []) =>
      (await connection.query(text, params as unknown[])).rows as Row[],
    execute: async (script: string) => void (await connection.query(script)),
  };
  return {
    ...queryable,
    kind: 'server',
    transaction: (work) => work(queryable),
    listen: () => Promise.reject(new Error('not used')),
    notify: async () => undefined,
    holdLock: () => Promise.reject(new Error('not used')),
  };
}

describe.skipIf(!url)('PostgreSQL server specifics', () => {
  const schema = `es_test_${randomBytes(6).toString('hex')}`;
  const applicationName = `es-test-${randomBytes(4).toString('hex')}`;
  let pool: pg.Pool;
  let store: EventStore;
  /**
   * Polls only once a minute with nothing to wake it and nothing just found: a delivery within seconds came from
   * the held-back retry.
   */
  let patient: EventStore;

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: url, max: 10, application_name: applicationName });
    pool.on('error', () => undefined); // idle clients killed by the connection-loss test
    store = await createPostgresEventStore(createPgSqlClient(pool, { listenRetryMs: 20 }), {
      schema,
      subscription: { retryMs: 20 },
    });
    patient = await createPostgresEventStore(createPgSqlClient(pool), {
      schema,
      subscription: { retryMs: 20, idlePollMs: 60_000 },
    });
  });
  afterAll(async () => {
    await patient.close();
    await store.close();
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  it('never skips an event whose transaction commits after a later one (the xmin horizon guard)', async () => {
    const prefix = uniqueName('order');
    const seen: RecordedEvent[] = [];
    const subscription = patient.subscribeToAll({
      filter: { streamPrefixes: [prefix] },
      handler: (event) => void seen.push(event),
    });

    const connection = await pool.connect();
    try {
      await connection.query('BEGIN');
      const early = await createPostgresEventStore(heldTransactionClient(connection), { schema });
      await early.appendToStream(`${prefix}-early`, [newEvent({ type: 'Early' })]); // takes the older transaction id
      await store.appendToStream(`${prefix}-late`, [newEvent({ type: 'Late' })]); // commits first
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(seen, 'nothing may be delivered while an older transaction is open').toEqual([]);
      // The held transaction commits without a notification: only the re-read of held-back events can see it.
      await connection.query('COMMIT');
    } finally {
      connection.release();
    }
    await eventually(() => expect(seen.map((e) => e.type)).toEqual(['Early', 'Late']), 5000);
    await subscription.stop();
  });

  it('reads nothing of the log past an older transaction still open (readAll returns final positions only)', async () => {
    const prefix = uniqueName('readall');
    const filter = { streamPrefixes: [prefix] };
    await store.appendToStream(`${prefix}-before`, [newEvent({ type: 'Before' })]);
    const connection = await pool.connect();
    try {
      await connection.query('BEGIN');
      const early = await createPostgresEventStore(heldTransactionClient(connection), { schema });
      await early.appendToStream(`${prefix}-early`, [newEvent({ type: 'Early' })]);
      await store.appendToStream(`${prefix}-late`, [newEvent({ type: 'Late' })]);
      const typesRead = (await store.readAll({ filter })).map((event) => event.type);
      expect(typesRead, 'Late is committed, but Early may still take a place before it').toEqual([
        'Before',
      ]);
      await connection.query('COMMIT');
    } finally {
      connection.release();
    }
    const all = await store.readAll({ filter });
    expect(all.map((event) => event.type)).toEqual(['Before', 'Early', 'Late']);
    const [, early] = all;
    expect((await store.readAll({ filter, after: early!.position })).map((e) => e.type)).toEqual([
      'Late',
    ]);
  });

  it('resumes delivery after its connections are killed', async () => {
    const prefix = uniqueName('loss');
    const seen: RecordedEvent[] = [];
    const subscription = store.subscribeToAll({
      filter: { streamPrefixes: [prefix] },
      handler: (event) => void seen.push(event),
    });
    await store.appendToStream(`${prefix}-1`, [newEvent({ data: { n: 1 } })]);
    await eventually(() => expect(seen).toHaveLength(1));

    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const killed = await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
      [applicationName],
    );
    expect(killed.rowCount).toBeGreaterThan(0);
    const writer = new pg.Pool({ connectionString: url, max: 2 });
    const other = await createPostgresEventStore(createPgSqlClient(writer), { schema });
    await other.appendToStream(`${prefix}-2`, [
      newEvent({ data: { n: 2 } }),
      newEvent({ data: { n: 3 } }),
    ]);
    await eventually(() => expect(seen.map((e) => e.data.n)).toEqual([1, 2, 3]));
    await other.close();
    await writer.end();
    await admin.end();
    await subscription.stop();
  });

  it('releases the LISTEN connection of a subscription that ended with a handler error', async () => {
    const small = new pg.Pool({ connectionString: url, max: 3 });
    const smallStore = await createPostgresEventStore(createPgSqlClient(small), { schema });
    const prefix = uniqueName('failing');
    await smallStore.appendToStream(`${prefix}-1`, [newEvent()]);
    for (let i = 0; i < 8; i++) {
      const failing = smallStore.subscribeToAll({
        filter: { streamPrefixes: [prefix] },
        handler: () => Promise.reject(new Error('poison')),
      });
      await expect(failing.done).rejects.toThrow('poison'); // no stop(): ending on its own must release
    }
    await eventually(() => expect(small.totalCount - small.idleCount).toBe(0));
    await expect(small.query('SELECT 1 AS ok')).resolves.toMatchObject({ rows: [{ ok: 1 }] });
    await smallStore.close();
    await small.end();
  });

  it('migrates once when several processes start together', async () => {
    const fresh = `es_test_${randomBytes(6).toString('hex')}`;
    const stores = await Promise.all(
      Array.from({ length: 5 }, () =>
        createPostgresEventStore(createPgSqlClient(pool), { schema: fresh }),
      ),
    );
    const rows = await pool.query(
      `SELECT version FROM "${fresh}".schema_migrations ORDER BY version`,
    );
    expect(rows.rows).toEqual([{ version: 1 }, { version: 2 }]);
    await Promise.all(stores.map((s) => s.close()));
    await pool.query(`DROP SCHEMA "${fresh}" CASCADE`);
  });
});

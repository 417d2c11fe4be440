import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';
import { createPgSqlClient } from '@sportskk/sql';
import { announceAdapter, startTcpProxy } from '@sportskk/testing';
import { describeEventStoreContract } from '../testing/index.ts';
import { createPostgresEventStore } from './postgres-event-store.ts';

/** Longer than the store's idle poll (1 s), so a read fails during it and the subscription must retry. */
const OUTAGE_MS = 1500;

const url = announceAdapter('PostgreSQL server (pg)', 'DATABASE_URL');

describe.skipIf(!url)('PostgreSQL server', () => {
  describeEventStoreContract('PostgreSQL server (pg)', async () => {
    const schema = `es_test_${randomBytes(6).toString('hex')}`;
    // Through a proxy, so the contract can cut the store's connections.
    const server = new URL(url!);
    const proxy = await startTcpProxy(server.host);
    const proxied = Object.assign(new URL(url!), { host: proxy.address }).href;
    return {
      async open() {
        const pool = new pg.Pool({ connectionString: proxied, max: 30 });
        pool.on('error', () => undefined); // an idle connection cut by the contract: the pool replaces it
        const store = await createPostgresEventStore(createPgSqlClient(pool), { schema });
        return { ...store, close: async () => (await store.close(), await pool.end()) };
      },
      dropConnections: () => proxy.outage(OUTAGE_MS),
      async dispose() {
        await proxy.close();
        const pool = new pg.Pool({ connectionString: url, max: 1 });
        await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await pool.end();
      },
    };
  });
});

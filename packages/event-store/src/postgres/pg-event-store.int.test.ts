import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';
import { createPgSqlClient } from '@sportskk/sql';
import { announceAdapter } from '@sportskk/testing';
import { describeEventStoreContract } from '../testing/index.ts';
import { createPostgresEventStore } from './postgres-event-store.ts';

const url = announceAdapter('PostgreSQL server (pg)', 'DATABASE_URL');

describe.skipIf(!url)('PostgreSQL server', () => {
  describeEventStoreContract('PostgreSQL server (pg)', async () => {
    const schema = `es_test_${randomBytes(6).toString('hex')}`;
    return {
      async open() {
        const pool = new pg.Pool({ connectionString: url, max: 30 });
        const store = await createPostgresEventStore(createPgSqlClient(pool), { schema });
        return { ...store, close: async () => (await store.close(), await pool.end()) };
      },
      async dispose() {
        const pool = new pg.Pool({ connectionString: url, max: 1 });
        await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await pool.end();
      },
    };
  });
});

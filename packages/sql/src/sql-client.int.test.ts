import pg from 'pg';
import { describe } from 'vitest';
import { announceAdapter, announceAlways } from '@sportskk/testing';
import { openEmbeddedDatabase } from './embedded.ts';
import { createPgSqlClient } from './pg-client.ts';
import { createPgliteSqlClient } from './pglite-client.ts';
import { describeSqlClientContract } from './testing/index.ts';

announceAlways('SqlClient on PostgreSQL embedded (PGlite)');
describeSqlClientContract('PGlite', async () => {
  const database = await openEmbeddedDatabase();
  return {
    sql: createPgliteSqlClient(database.db),
    kind: 'embedded',
    dispose: () => database.close(),
  };
});

const url = announceAdapter('SqlClient on PostgreSQL server (pg)', 'DATABASE_URL');
describe.skipIf(!url)('on the PostgreSQL server', () => {
  describeSqlClientContract('pg', async () => {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    return { sql: createPgSqlClient(pool), kind: 'server', dispose: () => pool.end() };
  });
});

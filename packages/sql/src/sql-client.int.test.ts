import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
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

  it('prepares a named statement inside a transaction too: parsed once per connection', async () => {
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    const sql = createPgSqlClient(pool);
    const name = `tx-named-${randomBytes(4).toString('hex')}`;
    try {
      const prepared = await sql.transaction(async (tx) => {
        await tx.query('SELECT $1::int AS n', [1], name);
        const [row] = await tx.query<{ n: number }>('SELECT $1::int AS n', [2], name);
        expect(row?.n).toBe(2);
        return tx.query('SELECT name FROM pg_prepared_statements WHERE name = $1', [name]);
      });
      expect(prepared).toEqual([{ name }]);
    } finally {
      await pool.end();
    }
  });

  it('loses a lock whose connection breaks, and another holder takes it', async () => {
    const application = `lock-test-${randomBytes(4).toString('hex')}`;
    const pool = new pg.Pool({ connectionString: url, max: 2, application_name: application });
    pool.on('error', () => undefined); // the connection this test terminates
    const other = new pg.Pool({ connectionString: url, max: 2 });
    const key = `lock-test-${application}`;
    const held = await createPgSqlClient(pool).holdLock(key);
    const waiting = createPgSqlClient(other).holdLock(key, { pollMs: 20 });
    const killed = await other.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
      [application],
    );
    expect(killed.rows).toHaveLength(1);
    await held.lost;
    await held.release(); // gives the broken connection back to its pool, which drops it
    const taken = await waiting;
    await taken.release();
    await pool.end();
    await other.end();
  });
});

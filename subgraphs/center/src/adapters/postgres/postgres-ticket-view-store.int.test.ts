import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { describeCheckpointStoreContract } from '@sportskk/projection-runner/testing';
import { announceAdapter } from '@sportskk/testing';
import {
  createPgliteSqlClient,
  createPgSqlClient,
  migrate,
  openEmbeddedDatabase,
} from '@sportskk/sql';
import { TICKET_VIEW_MIGRATIONS } from './migrations.ts';
import { describeTicketViewStoreContract } from '../../testing/ticket-view-store-contract.ts';
import { createPostgresTicketViewStore } from './postgres-ticket-view-store.ts';

const randomSchema = () => `center_test_${randomBytes(6).toString('hex')}`;

console.warn('[contract] TicketViewStore on PostgreSQL embedded (PGlite): RUNNING (always)');
describeTicketViewStoreContract('PostgreSQL embedded (PGlite)', async () => {
  const database = await openEmbeddedDatabase();
  const sql = createPgliteSqlClient(database.db);
  return {
    newStore: () =>
      createPostgresTicketViewStore(sql, { eventStore: 'postgres', schema: randomSchema() }),
    dispose: () => database.close(),
  };
});

describeCheckpointStoreContract('PostgreSQL ticket view store (PGlite)', async () => {
  const database = await openEmbeddedDatabase();
  const sql = createPgliteSqlClient(database.db);
  return {
    async open(eventStore) {
      const store = await createPostgresTicketViewStore(sql, {
        schema: 'center_checkpoints',
        eventStore,
      });
      return {
        load: (name) => store.loadCheckpoint(name),
        save: (name, position) => store.unitOfWork((tx) => tx.saveCheckpoint(name, position)),
      };
    },
    dispose: () => database.close(),
  };
});

const url = announceAdapter('TicketViewStore on PostgreSQL server (pg)', 'DATABASE_URL');
describe.skipIf(!url)('PostgreSQL server', () => {
  describeTicketViewStoreContract('PostgreSQL server (pg)', async () => {
    const pool = new pg.Pool({ connectionString: url, max: 20 });
    const sql = createPgSqlClient(pool);
    const schemas: string[] = [];
    return {
      async newStore() {
        const schema = randomSchema();
        schemas.push(schema);
        return createPostgresTicketViewStore(sql, { eventStore: 'postgres', schema });
      },
      async dispose() {
        for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await pool.end();
      },
    };
  });
});

describe('PostgreSQL ticket view store', () => {
  it.each([
    [1, 'before buyers were stored'],
    [2, 'when version 1 purchases were given their actor as buyer'],
  ])(
    'rebuilds a view written at migration %i (%s): it and its checkpoints are emptied',
    async (at) => {
      const database = await openEmbeddedDatabase();
      const sql = createPgliteSqlClient(database.db);
      await migrate(sql, 'center', TICKET_VIEW_MIGRATIONS.slice(0, at));
      await sql.query(
        `INSERT INTO center.ticket_views (id, version, status, team_code, purchased_at, document)
       VALUES ('t-1', 0, 'PENDING', 'KT', now(), '{}')`,
      );
      await sql.query(
        `INSERT INTO center.checkpoints (name, transaction, sequence) VALUES ('ticket-view', 9, 9)`,
      );
      const store = await createPostgresTicketViewStore(sql, { eventStore: 'postgres' });
      expect(await store.get('t-1')).toBeUndefined();
      expect(await store.loadCheckpoint('ticket-view')).toBeUndefined();
      await database.close();
    },
  );

  it('uses the schema "center" by default, migrates once and refuses an unsafe schema name', async () => {
    const database = await openEmbeddedDatabase();
    const sql = createPgliteSqlClient(database.db);
    await createPostgresTicketViewStore(sql, { eventStore: 'postgres' });
    await createPostgresTicketViewStore(sql, { eventStore: 'postgres' });
    expect(
      await sql.query(`SELECT version FROM center.schema_migrations ORDER BY version`),
    ).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }, { version: 4 }]);
    await expect(
      createPostgresTicketViewStore(sql, { eventStore: 'postgres', schema: 'x"; DROP' }),
    ).rejects.toThrow(/Unsafe SQL identifier/);
    await database.close();
  });

  it('fails a ping once the database is gone', async () => {
    const database = await openEmbeddedDatabase();
    const store = await createPostgresTicketViewStore(createPgliteSqlClient(database.db), {
      eventStore: 'postgres',
    });
    await store.ping();
    await database.close();
    await expect(store.ping()).rejects.toThrow();
  });
});

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  createPgliteSqlClient,
  createPgSqlClient,
  openEmbeddedDatabase,
  type SqlClient,
} from '@sportskk/sql';
import { announceAdapter, announceAlways } from '@sportskk/testing';
import { createPostgresEventStore } from './postgres-event-store.ts';
import { eventStoreStatements } from './statements.ts';

const EVENTS = 80_000;

/**
 * The plan PostgreSQL keeps for a prepared subscription read once it stops planning it per call (the generic
 * plan), on a log of 80k ticket events: it must walk the events index from the reader's position, never read the
 * whole log. An EXISTS for the held-back check once gave a sequential scan here.
 */
async function genericReadPlan(sql: SqlClient, schema: string): Promise<string> {
  await createPostgresEventStore(sql, { schema });
  await sql.execute(`
    INSERT INTO "${schema}".events (transaction_id, stream_name, stream_revision, event_id, event_type, data, metadata)
      SELECT i::text::xid8, 'ticket-' || md5((i / 2)::text), i % 2, gen_random_uuid(),
             CASE WHEN i % 2 = 0 THEN 'TicketPurchased' ELSE 'TicketApproved' END,
             '{"ticketId":"t","teamCode":"KT","betCredit":100}', '{"correlationId":"c","actor":"a"}'
        FROM generate_series(1, ${EVENTS}) AS i;
    ANALYZE "${schema}".events;`);
  return sql.transaction(async (tx) => {
    await tx.query(`SET LOCAL plan_cache_mode = force_generic_plan`);
    await tx.query(
      `PREPARE generic_read (text, bigint, int, text[], text[]) AS ${eventStoreStatements(schema).readBatch}`,
    );
    const rows = await tx.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN EXECUTE generic_read('${EVENTS - 10}', ${EVENTS - 10}, 500, ARRAY['ticket-%'], ARRAY['TicketPurchased', 'TicketApproved', 'TicketCancelled'])`,
    );
    await tx.query(`DEALLOCATE generic_read`);
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  });
}

describe('PostgreSQL event store read plans', () => {
  announceAlways('event store read plans on PostgreSQL embedded (PGlite)');
  it('reads a subscription batch through the events index on PGlite, never by scanning the log', async () => {
    const database = await openEmbeddedDatabase();
    try {
      const plan = await genericReadPlan(createPgliteSqlClient(database.db), 'event_store');
      expect(plan).toContain('Index Scan using events_pkey');
      expect(plan).not.toMatch(/Seq Scan|Sort/);
    } finally {
      await database.close();
    }
  }, 60_000);

  const url = announceAdapter('event store read plans on PostgreSQL server (pg)', 'DATABASE_URL');
  it.skipIf(!url)(
    'reads a subscription batch through the events index on the server, never by scanning the log',
    async () => {
      const pool = new pg.Pool({ connectionString: url, max: 2 });
      const schema = `es_plans_${randomBytes(6).toString('hex')}`;
      try {
        const plan = await genericReadPlan(createPgSqlClient(pool), schema);
        expect(plan).toContain('Index Scan using events_pkey');
        expect(plan).not.toMatch(/Seq Scan|Sort/);
      } finally {
        await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await pool.end();
      }
    },
    60_000,
  );
});

import { randomBytes } from 'node:crypto';
import {
  createInMemoryEventStore,
  type GlobalPosition,
  type RecordedEvent,
} from '@sportskk/event-store';
import { newEvent } from '@sportskk/event-store/testing';
import { createLogger } from '@sportskk/platform';
import {
  createPgliteSqlClient,
  createPgSqlClient,
  openEmbeddedDatabase,
  type SqlClient,
} from '@sportskk/sql';
import { eventually, logCollector } from '@sportskk/testing';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { Projection } from './projection.ts';
import { sqlProjectionLease, startProjection } from './run-projection.ts';

const logs = logCollector();
const logger = createLogger('lease-test', 'info', logs.stream);

/** One projection's target shared by every replica, as its tables are: who applied each event, and the checkpoint. */
function sharedTarget() {
  const appliedBy: Array<[string, number]> = [];
  let checkpoint: GlobalPosition | undefined;
  const replica = (name: string): Projection => ({
    name: 'leased',
    filter: { streamPrefixes: ['t-'] },
    loadCheckpoint: async () => checkpoint,
    async apply(event: RecordedEvent) {
      appliedBy.push([name, event.data.n as number]);
      checkpoint = event.position;
    },
  });
  return { appliedBy, replica };
}

async function twoReplicas(sqlA: SqlClient, sqlB: SqlClient) {
  const store = createInMemoryEventStore();
  const { appliedBy, replica } = sharedTarget();
  const a = startProjection(store, replica('a'), { logger, lease: sqlProjectionLease(sqlA) });
  await new Promise((resolve) => setTimeout(resolve, 100)); // a takes the lease first
  const b = startProjection(store, replica('b'), { logger, lease: sqlProjectionLease(sqlB) });
  let n = 0;
  const append = async (count: number) => {
    for (let i = 0; i < count; i++)
      await store.appendToStream('t-1', [newEvent({ data: { n: ++n } })]);
  };
  return { a, b, appliedBy, append };
}

describe('a leased projection', () => {
  it('is applied by one replica at a time; the other takes over, from the checkpoint, when it stops (PGlite)', async () => {
    const database = await openEmbeddedDatabase();
    const sql = createPgliteSqlClient(database.db);
    const { a, b, appliedBy, append } = await twoReplicas(sql, sql);
    await append(3);
    await eventually(() =>
      expect(appliedBy).toEqual([
        ['a', 1],
        ['a', 2],
        ['a', 3],
      ]),
    );
    await a.stop();
    await append(2);
    await eventually(() =>
      expect(appliedBy.slice(3)).toEqual([
        ['b', 4],
        ['b', 5],
      ]),
    );
    await b.stop();
    await database.close();
  });

  const url = process.env['DATABASE_URL'];
  it.skipIf(!url)(
    'is taken over when the holder dies (its lock connection cut) on the PostgreSQL server',
    async () => {
      const application = `lease-test-${randomBytes(4).toString('hex')}`;
      const poolA = new pg.Pool({ connectionString: url, max: 3, application_name: application });
      poolA.on('error', () => undefined);
      const poolB = new pg.Pool({ connectionString: url, max: 3 });
      const { a, b, appliedBy, append } = await twoReplicas(
        createPgSqlClient(poolA),
        createPgSqlClient(poolB),
      );
      await append(2);
      await eventually(() =>
        expect(appliedBy).toEqual([
          ['a', 1],
          ['a', 2],
        ]),
      );
      await poolB.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
        [application],
      );
      // Until the holder hears of it, it may still apply (each apply is idempotent or checkpointed with its writes).
      await eventually(() =>
        expect(
          logs.lines.some((line) => String(line.msg).startsWith('projection lease lost')),
        ).toBe(true),
      );
      await append(2);
      await eventually(
        () =>
          expect(appliedBy.slice(2)).toEqual([
            ['b', 3],
            ['b', 4],
          ]),
        10_000,
      );
      expect(appliedBy.filter(([, n]) => n >= 3).every(([who]) => who === 'b')).toBe(true);
      await b.stop();
      await a.stop();
      await poolA.end();
      await poolB.end();
    },
    30_000,
  );
});

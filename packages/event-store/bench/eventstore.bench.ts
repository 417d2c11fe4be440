/**
 * npm run bench:eventstore — append throughput against raw INSERTs (same engine, same run) and subscription lag.
 * Figures only; nothing here asserts. BENCH_SECONDS (default 4) sets each phase's length.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createPgliteSqlClient, createPgSqlClient, openEmbeddedDatabase, type SqlClient } from '@sportskk/sql';
import { createPostgresEventStore } from '../src/postgres/index.ts';

const WRITERS = 32;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = 3;
const payload = { teamCode: 'KT', betCredit: 1000, note: 'benchmark ticket' };

interface Target {
  readonly name: string;
  readonly sql: SqlClient;
  close(): Promise<void>;
}

async function forDuration(work: () => Promise<void>): Promise<number> {
  const deadline = performance.now() + SECONDS * 1000;
  let count = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (performance.now() < deadline) {
        await work();
        count++;
      }
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

async function rawInsertRate(sql: SqlClient, schema: string): Promise<number> {
  await sql.execute(`CREATE TABLE IF NOT EXISTS "${schema}".raw_rows (id bigserial PRIMARY KEY, stream text NOT NULL, data jsonb NOT NULL)`);
  const data = JSON.stringify(payload);
  // A prepared statement, like the appends: the strongest baseline.
  return forDuration(async () => void (await sql.query(`INSERT INTO "${schema}".raw_rows (stream, data) VALUES ($1, $2::jsonb)`, [randomUUID(), data], `${schema}:raw`)));
}

async function appendRateAndLag(sql: SqlClient, schema: string) {
  const store = await createPostgresEventStore(sql, { schema });
  const committedAt = new Map<string, number>();
  const lags: number[] = [];
  const prefix = `bench-${randomUUID()}`;
  const subscription = store.subscribeToAll({
    filter: { streamPrefixes: [prefix] },
    handler: (event) => {
      const committed = committedAt.get(event.id);
      lags.push(committed === undefined ? 0 : performance.now() - committed); // undefined: handled before the append returned
    },
  });
  const rate = await forDuration(async () => {
    const id = randomUUID();
    await store.appendToStream(`${prefix}-${id}`, [{ id, type: 'TicketPurchased', data: payload, metadata: { correlationId: id } }], { expectedRevision: 'no_stream' });
    committedAt.set(id, performance.now());
  });
  const deadline = Date.now() + 30_000;
  while (lags.length < committedAt.size && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  await subscription.stop();
  await store.close();
  lags.sort((a, b) => a - b);
  const at = (q: number) => lags[Math.min(lags.length - 1, Math.floor(q * lags.length))] ?? NaN;
  return { rate, p50: at(0.5), p99: at(0.99), delivered: lags.length, appended: committedAt.size };
}

async function benchmark(target: Target) {
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  await target.sql.execute(`CREATE SCHEMA "${schema}"`);
  try {
    const rounds = [];
    for (let round = 0; round < ROUNDS; round++) {
      const raw = await rawInsertRate(target.sql, schema);
      const append = await appendRateAndLag(target.sql, `${schema}_r${round}`);
      rounds.push({ raw, ...append });
      console.log(
        `${target.name.padEnd(22)} round ${round + 1}: raw INSERT ${raw.toFixed(0).padStart(6)}/s | append ${append.rate.toFixed(0).padStart(6)}/s` +
          ` = ${(append.rate / raw).toFixed(2)}x raw | lag p50 ${append.p50.toFixed(1)} ms p99 ${append.p99.toFixed(1)} ms` +
          ` (${append.delivered}/${append.appended} delivered)`,
      );
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    console.log(
      `${target.name.padEnd(22)} MEDIAN : append/raw ${median(rounds.map((r) => r.rate / r.raw)).toFixed(2)}x | ` +
        `lag p50 ${median(rounds.map((r) => r.p50)).toFixed(1)} ms p99 ${median(rounds.map((r) => r.p99)).toFixed(1)} ms\n`,
    );
    return rounds;
  } finally {
    for (let round = -1; round < ROUNDS; round++) await target.sql.execute(`DROP SCHEMA IF EXISTS "${round < 0 ? schema : `${schema}_r${round}`}" CASCADE`);
  }
}

async function main() {
  console.log(`EventStore benchmark: ${WRITERS} concurrent writers, single-event appends to new streams, ${SECONDS}s per phase\n`);
  const dir = mkdtempSync(join(tmpdir(), 'es-bench-'));
  const embedded = await openEmbeddedDatabase(join(dir, 'data'));
  const targets: Target[] = [
    { name: 'PGlite (embedded)', sql: createPgliteSqlClient(embedded.db), close: async () => (await embedded.close(), rmSync(dir, { recursive: true, force: true })) },
  ];
  if (process.env.DATABASE_URL) {
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: WRITERS + 4 });
    targets.push({ name: 'PostgreSQL server (pg)', sql: createPgSqlClient(pool), close: () => pool.end() });
  } else {
    console.log('PostgreSQL server: skipped (set DATABASE_URL to include it)');
  }
  for (const target of targets) {
    try {
      await benchmark(target);
    } finally {
      await target.close();
    }
  }
  console.log('\nTargets: append >= 0.50x raw INSERT; lag p99 <= 50 ms.');
}

await main();

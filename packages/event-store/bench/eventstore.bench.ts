/**
 * npm run bench:eventstore — append throughput against raw INSERTs (same engine, same run) and subscription lag.
 * Figures only; nothing here asserts. BENCH_SECONDS (default 4) sets each phase's length. On a server the
 * subscriber runs in a worker thread (its own event loop and pool), as a projection runs in its own process.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  createPgliteSqlClient,
  createPgSqlClient,
  openEmbeddedDatabase,
  type SqlClient,
} from '@sportskk/sql';
import { Worker } from 'node:worker_threads';
import type { EventStore } from '../src/index.ts';
import { createPostgresEventStore } from '../src/postgres/index.ts';

const WRITERS = 32;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = 3;
const payload = { teamCode: 'KT', betCredit: 1000, note: 'benchmark ticket' };

interface Target {
  readonly name: string;
  readonly sql: SqlClient;
  /** Set for a server: the subscriber then runs in a worker thread with its own pool, like a projection process. */
  readonly databaseUrl?: string;
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
  await sql.execute(
    `CREATE TABLE IF NOT EXISTS "${schema}".raw_rows (id bigserial PRIMARY KEY, stream text NOT NULL, data jsonb NOT NULL)`,
  );
  const data = JSON.stringify(payload);
  // A prepared statement, like the appends: the strongest baseline.
  return forDuration(
    async () =>
      void (await sql.query(
        `INSERT INTO "${schema}".raw_rows (stream, data) VALUES ($1, $2::jsonb)`,
        [randomUUID(), data],
        `${schema}:raw`,
      )),
  );
}

/** Handler times by event id (absolute ms), from an in-process subscriber or one in a worker thread. */
interface Subscriber {
  readonly handledAt: Map<string, number>;
  stop(): Promise<void>;
}

function inProcessSubscriber(store: EventStore, prefix: string): Subscriber {
  const handledAt = new Map<string, number>();
  const subscription = store.subscribeToAll({
    filter: { streamPrefixes: [prefix] },
    handler: (event) => void handledAt.set(event.id, now()),
  });
  return { handledAt, stop: () => subscription.stop() };
}

async function workerSubscriber(
  databaseUrl: string,
  schema: string,
  prefix: string,
): Promise<Subscriber> {
  const handledAt = new Map<string, number>();
  // Node checks a worker's entry file before any loader runs: register tsx first, then import the TypeScript file.
  const entry = new URL('./subscriber-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { databaseUrl, schema, prefix } });
  let onStopped: () => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.on(
      'message',
      (message: { ready?: boolean; stopped?: boolean; handled?: Array<[string, number]> }) => {
        if (message.ready) resolve();
        for (const [id, at] of message.handled ?? []) handledAt.set(id, at);
        if (message.stopped) onStopped();
      },
    );
  });
  await ready;
  return {
    handledAt,
    async stop() {
      const stopped = new Promise<void>((resolve) => (onStopped = resolve));
      worker.postMessage('stop');
      await stopped;
      await worker.terminate();
    },
  };
}

const now = () => performance.timeOrigin + performance.now();
const percentile = (values: number[], q: number) =>
  values.sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))] ?? NaN;

async function appendRate(target: Target, schema: string, subscribe: boolean) {
  const store = await createPostgresEventStore(target.sql, { schema });
  const prefix = `bench-${randomUUID()}`;
  const subscriber = !subscribe
    ? undefined
    : target.databaseUrl
      ? await workerSubscriber(target.databaseUrl, schema, prefix)
      : inProcessSubscriber(store, prefix);
  const committedAt = new Map<string, number>();
  const latencies: number[] = [];
  const rate = await forDuration(async () => {
    const id = randomUUID();
    const started = now();
    await store.appendToStream(
      `${prefix}-${id}`,
      [{ id, type: 'TicketPurchased', data: payload, metadata: { correlationId: id } }],
      { expectedRevision: 'no_stream' },
    );
    const committed = now();
    committedAt.set(id, committed);
    latencies.push(committed - started);
  });
  const deadline = Date.now() + 30_000;
  while (subscriber && subscriber.handledAt.size < committedAt.size && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
  await subscriber?.stop();
  await store.close();
  // A handler that ran before the append's reply arrived has lag 0.
  const lags = [...(subscriber?.handledAt ?? [])].map(([id, at]) =>
    Math.max(0, at - (committedAt.get(id) ?? at)),
  );
  return {
    rate,
    p50: percentile(lags, 0.5),
    p99: percentile(lags, 0.99),
    appendP99: percentile(latencies, 0.99),
    delivered: lags.length,
    appended: committedAt.size,
  };
}

async function benchmark(target: Target) {
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  await target.sql.execute(`CREATE SCHEMA "${schema}"`);
  try {
    const rounds = [];
    for (let round = 0; round < ROUNDS; round++) {
      const raw = await rawInsertRate(target.sql, schema);
      const alone = await appendRate(target, `${schema}_a${round}`, false);
      const live = await appendRate(target, `${schema}_s${round}`, true);
      rounds.push({ raw, alone: alone.rate, live: live.rate, p50: live.p50, p99: live.p99 });
      console.log(
        `${target.name.padEnd(22)} round ${round + 1}: raw INSERT ${raw.toFixed(0).padStart(5)}/s | append ${alone.rate.toFixed(0).padStart(5)}/s = ${(alone.rate / raw).toFixed(2)}x raw` +
          ` | with a live subscriber ${live.rate.toFixed(0).padStart(5)}/s = ${(live.rate / raw).toFixed(2)}x raw, lag p50 ${live.p50.toFixed(1)} ms p99 ${live.p99.toFixed(1)} ms (append latency p99 ${live.appendP99.toFixed(1)} ms)` +
          ` (${live.delivered}/${live.appended} delivered)`,
      );
    }
    const median = (values: number[]) =>
      values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    console.log(
      `${target.name.padEnd(22)} MEDIAN : append ${median(rounds.map((r) => r.alone / r.raw)).toFixed(2)}x raw, ` +
        `with a live subscriber ${median(rounds.map((r) => r.live / r.raw)).toFixed(2)}x raw | ` +
        `lag p50 ${median(rounds.map((r) => r.p50)).toFixed(1)} ms p99 ${median(rounds.map((r) => r.p99)).toFixed(1)} ms\n`,
    );
    return rounds;
  } finally {
    const schemas = [
      schema,
      ...Array.from({ length: ROUNDS }, (_, round) => [
        `${schema}_a${round}`,
        `${schema}_s${round}`,
      ]).flat(),
    ];
    for (const name of schemas) await target.sql.execute(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
  }
}

async function main() {
  console.log(
    `EventStore benchmark: ${WRITERS} concurrent writers, single-event appends to new streams, ${SECONDS}s per phase\n`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'es-bench-'));
  const embedded = await openEmbeddedDatabase(join(dir, 'data'));
  const targets: Target[] = [
    {
      name: 'PGlite (embedded)',
      sql: createPgliteSqlClient(embedded.db),
      close: async () => (await embedded.close(), rmSync(dir, { recursive: true, force: true })),
    },
  ];
  if (process.env.DATABASE_URL) {
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: WRITERS + 4 });
    targets.push({
      name: 'PostgreSQL server (pg)',
      sql: createPgSqlClient(pool),
      databaseUrl: process.env.DATABASE_URL,
      close: () => pool.end(),
    });
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

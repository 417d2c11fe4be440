/** The benchmark's subscriber in its own thread and pool, as a deployed projection runs in its own process. */
import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { createPgSqlClient } from '@sportskk/sql';
import { createPostgresEventStore } from '../src/postgres/index.ts';

const { databaseUrl, schema, prefix } = workerData as {
  databaseUrl: string;
  schema: string;
  prefix: string;
};
const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
const store = await createPostgresEventStore(createPgSqlClient(pool), { schema });
let handled: Array<[string, number]> = [];
const subscription = store.subscribeToAll({
  filter: { streamPrefixes: [prefix] },
  handler: (event) => void handled.push([event.id, performance.timeOrigin + performance.now()]),
});
const flush = () => {
  if (handled.length > 0) parentPort!.postMessage({ handled });
  handled = [];
};
const timer = setInterval(flush, 20);
parentPort!.on('message', async (message: string) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  await subscription.stop();
  flush();
  await store.close();
  await pool.end();
  parentPort!.postMessage({ stopped: true });
});
parentPort!.postMessage({ ready: true });

import { backoff, sleep } from '@sportskk/backoff';
import type pg from 'pg';
import { traced } from './tracing.ts';
import { identifier, type HeldLock, type SqlClient, type SqlQueryable } from './sql-client.ts';

export interface PgClientOptions {
  /** Delay before re-opening a lost LISTEN connection; backs off up to 5 s. */
  readonly listenRetryMs?: number;
  readonly onListenError?: (error: unknown) => void;
}

/** SqlQueryable's query on a pool or one connection: a named statement is prepared there, in a span. */
function queryOn(queryable: pg.Pool | pg.PoolClient): SqlQueryable['query'] {
  return async <Row>(text: string, params: readonly unknown[] = [], name?: string) =>
    traced(text, name, async () => {
      const values = params as unknown[];
      const result = await queryable.query(name ? { name, text, values } : { text, values });
      return result.rows as Row[];
    });
}

/** A SqlClient over a node-postgres pool the caller built and will end. */
export function createPgSqlClient(pool: pg.Pool, options: PgClientOptions = {}): SqlClient {
  const query = queryOn(pool);

  return {
    kind: 'server',
    query,
    execute: async (script) => void (await pool.query(script)),
    async transaction(work) {
      const connection = await pool.connect();
      const tx: SqlQueryable = {
        query: queryOn(connection),
        execute: async (script) => void (await connection.query(script)),
      };
      try {
        await connection.query('BEGIN');
        const result = await work(tx);
        await connection.query('COMMIT');
        connection.release();
        return result;
      } catch (error) {
        await connection.query('ROLLBACK').then(
          () => connection.release(),
          (rollbackError: Error) => connection.release(rollbackError),
        );
        throw error;
      }
    },
    listen: (channel, onNotify) => listenWithReconnect(pool, channel, onNotify, options),
    holdLock: (key, lockOptions = {}) => holdAdvisoryLock(pool, key, lockOptions),
    notify: async (channel) =>
      void (await query('SELECT pg_notify($1, $2)', [channel, ''], 'sportskk:notify')),
  };
}

/** A session advisory lock on a pool connection kept for it; polled with pg_try_advisory_lock until taken. */
async function holdAdvisoryLock(
  pool: pg.Pool,
  key: string,
  options: { readonly pollMs?: number; readonly signal?: AbortSignal },
): Promise<HeldLock> {
  const { signal } = options;
  for (;;) {
    signal?.throwIfAborted();
    const connection = await pool.connect();
    let lost!: () => void;
    const gone = new Promise<void>((resolve) => (lost = resolve));
    const onError = () => lost();
    connection.on('error', onError);
    connection.on('end', onError);
    let taken = false;
    try {
      const { rows } = await connection.query<{ taken: boolean }>(
        'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS taken',
        [key],
      );
      taken = rows[0]!.taken;
    } catch (error) {
      connection.release(error as Error);
      throw error;
    }
    if (taken) {
      return {
        lost: gone,
        async release() {
          connection.off('error', onError);
          connection.off('end', onError);
          await connection.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]).then(
            () => connection.release(),
            (error: Error) => connection.release(error),
          );
        },
      };
    }
    connection.off('error', onError);
    connection.off('end', onError);
    connection.release();
    await sleep(options.pollMs ?? 1000, signal);
  }
}

async function listenWithReconnect(
  pool: pg.Pool,
  channel: string,
  onNotify: () => void,
  options: PgClientOptions,
) {
  const delays = backoff({ initialMs: options.listenRetryMs ?? 100, maxMs: 5000 });
  let stopped = false;
  let connection: { client: pg.PoolClient; detach: () => void } | undefined;
  let retryTimer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const client = await pool.connect();
    const onNotification = (message: pg.Notification) => message.channel === channel && onNotify();
    const onError = (error: Error) => {
      detach();
      options.onListenError?.(error);
      if (connection?.client === client) connection = undefined;
      client.release(error);
      delays.reset();
      if (!stopped) scheduleReconnect();
    };
    // Our handlers must leave with us: the client goes back to the pool and lives on.
    const detach = () => {
      client.off('notification', onNotification);
      client.off('error', onError);
    };
    client.on('notification', onNotification);
    client.on('error', onError);
    try {
      await client.query(`LISTEN ${identifier(channel)}`);
    } catch (error) {
      detach();
      client.release(error as Error);
      throw error;
    }
    if (stopped) {
      // stop() ran while this reconnect was in flight: give the connection back at once.
      detach();
      await client.query(`UNLISTEN ${identifier(channel)}`).then(
        () => client.release(),
        (error: Error) => client.release(error),
      );
      return;
    }
    connection = { client, detach };
  };
  const scheduleReconnect = () => {
    retryTimer = setTimeout(() => {
      connect().then(onNotify, (error: unknown) => {
        options.onListenError?.(error);
        if (!stopped) scheduleReconnect();
      });
    }, delays.next());
  };

  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retryTimer);
    const current = connection;
    connection = undefined;
    if (!current) return;
    current.detach();
    await current.client.query(`UNLISTEN ${identifier(channel)}`).then(
      () => current.client.release(),
      (error: Error) => current.client.release(error),
    );
  };
}

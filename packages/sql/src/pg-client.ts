import { backoff } from '@sportskk/backoff';
import type pg from 'pg';
import { identifier, type SqlClient, type SqlQueryable } from './sql-client.ts';

export interface PgClientOptions {
  /** Delay before re-opening a lost LISTEN connection; backs off up to 5 s. */
  readonly listenRetryMs?: number;
  readonly onListenError?: (error: unknown) => void;
}

/** A SqlClient over a node-postgres pool the caller built and will end. */
export function createPgSqlClient(pool: pg.Pool, options: PgClientOptions = {}): SqlClient {
  const query = async <Row>(
    text: string,
    params: readonly unknown[] = [],
    name?: string,
  ): Promise<Row[]> =>
    (
      await pool.query(
        name ? { name, text, values: params as unknown[] } : { text, values: params as unknown[] },
      )
    ).rows as Row[];

  return {
    kind: 'server',
    query,
    execute: async (script) => void (await pool.query(script)),
    async transaction(work) {
      const connection = await pool.connect();
      const tx: SqlQueryable = {
        query: async (text, params = []) =>
          (await connection.query(text, params as unknown[])).rows,
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
    notify: async (channel) =>
      void (await query('SELECT pg_notify($1, $2)', [channel, ''], 'sportskk:notify')),
  };
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

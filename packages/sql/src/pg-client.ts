import type pg from 'pg';
import { identifier, type SqlClient, type SqlQueryable } from './sql-client.ts';

export interface PgClientOptions {
  /** Delay before re-opening a lost LISTEN connection; doubles up to 5 s. */
  readonly listenRetryMs?: number;
  readonly onListenError?: (error: unknown) => void;
}

/** A SqlClient over a node-postgres pool the caller built and will end. */
export function createPgSqlClient(pool: pg.Pool, options: PgClientOptions = {}): SqlClient {
  const query = async <Row>(text: string, params: readonly unknown[] = []): Promise<Row[]> =>
    (await pool.query(text, params as unknown[])).rows as Row[];

  return {
    kind: 'server',
    query,
    execute: async (script) => void (await pool.query(script)),
    async transaction(work) {
      const connection = await pool.connect();
      const tx: SqlQueryable = {
        query: async (text, params = []) => (await connection.query(text, params as unknown[])).rows,
        execute: async (script) => void (await connection.query(script)),
      };
      try {
        await connection.query('BEGIN');
        const result = await work(tx);
        await connection.query('COMMIT');
        connection.release();
        return result;
      } catch (error) {
        await connection.query('ROLLBACK').then(() => connection.release(), (rollbackError: Error) => connection.release(rollbackError));
        throw error;
      }
    },
    listen: (channel, onNotify) => listenWithReconnect(pool, channel, onNotify, options),
  };
}

async function listenWithReconnect(pool: pg.Pool, channel: string, onNotify: () => void, options: PgClientOptions) {
  const baseDelay = options.listenRetryMs ?? 100;
  let stopped = false;
  let connection: pg.PoolClient | undefined;
  let retryTimer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const client = await pool.connect();
    client.on('notification', (message) => message.channel === channel && onNotify());
    client.on('error', (error) => {
      options.onListenError?.(error);
      if (connection === client) connection = undefined;
      client.release(error);
      if (!stopped) scheduleReconnect(baseDelay);
    });
    await client.query(`LISTEN ${identifier(channel)}`);
    connection = client;
  };
  const scheduleReconnect = (delay: number) => {
    retryTimer = setTimeout(() => {
      connect().then(onNotify, (error: unknown) => {
        options.onListenError?.(error);
        if (!stopped) scheduleReconnect(Math.min(delay * 2, 5000));
      });
    }, delay);
  };

  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retryTimer);
    const client = connection;
    connection = undefined;
    if (!client) return;
    await client.query(`UNLISTEN ${identifier(channel)}`).then(() => client.release(), (error: Error) => client.release(error));
  };
}

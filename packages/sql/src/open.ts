import pg from 'pg';
import { openEmbeddedDatabase } from './embedded.ts';
import { createPgliteSqlClient } from './pglite-client.ts';
import { createPgSqlClient } from './pg-client.ts';
import type { SqlClient } from './sql-client.ts';

export interface OpenedSql {
  readonly sql: SqlClient;
  close(): Promise<void>;
}

/** The real server when `databaseUrl` is set, else the embedded database in `dataDir` (one opener per folder). */
export async function openSqlClient(options: { databaseUrl?: string; dataDir: string; poolSize?: number; onError?: (error: Error) => void }): Promise<OpenedSql> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 20 });
    pool.on('error', (error) => options.onError?.(error)); // an idle client lost its connection; the pool replaces it
    return { sql: createPgSqlClient(pool), close: () => pool.end() };
  }
  const database = await openEmbeddedDatabase(options.dataDir);
  return { sql: createPgliteSqlClient(database.db), close: () => database.close() };
}

import { join } from 'node:path';
import pg from 'pg';
import { openEmbeddedDatabase } from './embedded.ts';
import { createPgliteSqlClient } from './pglite-client.ts';
import { createPgSqlClient } from './pg-client.ts';
import type { SqlClient } from './sql-client.ts';

export interface OpenedSql {
  readonly sql: SqlClient;
  /** For people: which database this is. */
  readonly kind: string;
  close(): Promise<void>;
}

/** The real server when `databaseUrl` is set, else the embedded database in `dataDir` (one opener per folder). */
export async function openSqlClient(options: {
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly poolSize?: number;
  readonly onError?: (error: Error) => void;
}): Promise<OpenedSql> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 20,
    });
    pool.on('error', (error) => options.onError?.(error)); // an idle client lost its connection; the pool replaces it
    return { sql: createPgSqlClient(pool), kind: 'PostgreSQL server', close: () => pool.end() };
  }
  const database = await openEmbeddedDatabase(options.dataDir);
  return {
    sql: createPgliteSqlClient(database.db),
    kind: `embedded PostgreSQL (PGlite) in ${options.dataDir}`,
    close: () => database.close(),
  };
}

/** A service's database: the server at `databaseUrl`, else the embedded one in `<dataDir>/pglite`. */
export function openDatabase(
  settings: { readonly databaseUrl: string | undefined; readonly dataDir: string },
  onError?: (error: Error) => void,
): Promise<OpenedSql> {
  return openSqlClient({
    databaseUrl: settings.databaseUrl,
    dataDir: join(settings.dataDir, 'pglite'),
    ...(onError ? { onError } : {}),
  });
}

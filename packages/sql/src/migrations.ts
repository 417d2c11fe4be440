import { identifier, type SqlClient } from './sql-client.ts';

export interface Migration {
  /** 1, 2, 3 ... never renumbered once released. */
  readonly version: number;
  readonly description: string;
  /** SQL run in one transaction; `{schema}` is replaced by the quoted schema name. */
  readonly sql: string;
}

/**
 * Brings `schema` up to the newest migration. Safe when several processes start at once:
 * an advisory lock held for the transaction lets one of them migrate while the others wait.
 */
export async function migrate(
  client: SqlClient,
  schema: string,
  migrations: readonly Migration[],
): Promise<number> {
  const quoted = identifier(schema);
  return client.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`migrate:${schema}`]);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS ${quoted}.schema_migrations (
         version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const rows = await tx.query<{ version: number }>(
      `SELECT coalesce(max(version), 0)::int AS version FROM ${quoted}.schema_migrations`,
    );
    const current = rows[0]?.version ?? 0;
    const pending = [...migrations]
      .sort((a, b) => a.version - b.version)
      .filter((m) => m.version > current);
    for (const migration of pending) {
      await tx.execute(migration.sql.replaceAll('{schema}', quoted));
      await tx.query(
        `INSERT INTO ${quoted}.schema_migrations (version, description) VALUES ($1, $2)`,
        [migration.version, migration.description],
      );
    }
    return pending.length;
  });
}

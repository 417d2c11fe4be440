export { identifier, type SqlClient, type SqlQueryable } from './sql-client.ts';
export { createPgSqlClient, type PgClientOptions } from './pg-client.ts';
export { createPgliteSqlClient } from './pglite-client.ts';
export { migrate, type Migration } from './migrations.ts';
export { openEmbeddedDatabase, type EmbeddedDatabase } from './embedded.ts';
export { openDatabase, openSqlClient, type OpenedSql } from './open.ts';

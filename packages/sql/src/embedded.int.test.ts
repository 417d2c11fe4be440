import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbeddedDatabase } from './embedded.ts';
import { createPgliteSqlClient } from './pglite-client.ts';
import { migrate } from './migrations.ts';

const dir = mkdtempSync(join(tmpdir(), 'sql-embedded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('embedded database', () => {
  it('keeps data across a close and reopen', async () => {
    const path = join(dir, 'keep');
    const first = await openEmbeddedDatabase(path);
    await first.db.exec('CREATE TABLE t (v text); INSERT INTO t VALUES ($$kept$$)');
    await first.close();
    const second = await openEmbeddedDatabase(path);
    expect((await second.db.query('SELECT v FROM t')).rows).toEqual([{ v: 'kept' }]);
    await second.close();
  });

  it('refuses a second opener of the same folder while the first is open', async () => {
    const path = join(dir, 'locked');
    const first = await openEmbeddedDatabase(path);
    await expect(openEmbeddedDatabase(path)).rejects.toThrow(/already open/);
    await first.close();
    const again = await openEmbeddedDatabase(path);
    await again.close();
  });

  it('takes over a lock left by a process that died', async () => {
    const path = join(dir, 'stale');
    writeFileSync(`${path}.lock`, '999999999'); // no such process
    const database = await openEmbeddedDatabase(path);
    expect(readFileSync(`${path}.lock`, 'utf8')).toBe(String(process.pid));
    expect((await database.db.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
    await expect(openEmbeddedDatabase(path)).rejects.toThrow(/already open/);
    await database.close();
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('keeps the lock of a process that is alive', async () => {
    const path = join(dir, 'alive');
    writeFileSync(`${path}.lock`, String(process.ppid));
    await expect(openEmbeddedDatabase(path)).rejects.toThrow(`process ${process.ppid} holds`);
    expect(readFileSync(`${path}.lock`, 'utf8')).toBe(String(process.ppid));
  });
});

describe('migrations', () => {
  it('apply each version once, in order, and only the new ones on the next start', async () => {
    const database = await openEmbeddedDatabase();
    const sql = createPgliteSqlClient(database.db);
    const v1 = {
      version: 1,
      description: 'table',
      sql: 'CREATE TABLE {schema}.t (v int); INSERT INTO {schema}.t VALUES (1);',
    };
    const v2 = {
      version: 2,
      description: 'column',
      sql: 'ALTER TABLE {schema}.t ADD COLUMN w int;',
    };
    expect(await migrate(sql, 'app', [v2, v1])).toBe(2);
    expect(await migrate(sql, 'app', [v1, v2])).toBe(0);
    const v3 = { version: 3, description: 'row', sql: 'INSERT INTO {schema}.t VALUES (3, 3);' };
    expect(await migrate(sql, 'app', [v1, v2, v3])).toBe(1);
    expect(await sql.query('SELECT version FROM app.schema_migrations ORDER BY version')).toEqual([
      { version: 1 },
      { version: 2 },
      { version: 3 },
    ]);
    await database.close();
  });

  it('roll back a failing migration entirely', async () => {
    const database = await openEmbeddedDatabase();
    const sql = createPgliteSqlClient(database.db);
    const bad = {
      version: 1,
      description: 'bad',
      sql: 'CREATE TABLE {schema}.t (v int); SELECT no_such_function();',
    };
    await expect(migrate(sql, 'app', [bad])).rejects.toThrow();
    expect(await sql.query(`SELECT to_regclass('app.t') AS t`)).toEqual([{ t: null }]);
    await database.close();
  });

  it('refuse unsafe schema names', async () => {
    const database = await openEmbeddedDatabase();
    await expect(migrate(createPgliteSqlClient(database.db), 'x"; DROP', [])).rejects.toThrow(
      /Unsafe SQL identifier/,
    );
    await database.close();
  });
});

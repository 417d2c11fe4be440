import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '@sportskk/testing';
import { identifier, type SqlClient } from '../sql-client.ts';

export interface SqlClientHarness {
  readonly sql: SqlClient;
  readonly kind: SqlClient['kind'];
  dispose(): Promise<void>;
}

/** The promises of SqlClient that the stores rely on, run against one implementation. */
export function describeSqlClientContract(
  adapter: string,
  makeHarness: () => Promise<SqlClientHarness>,
): void {
  describe(`SqlClient contract: ${adapter}`, () => {
    let harness: SqlClientHarness;
    const schema = `sql_contract_${randomBytes(5).toString('hex')}`;
    const table = `${identifier(schema)}.items`;
    const sql = () => harness.sql;
    beforeAll(async () => {
      harness = await makeHarness();
      await sql().execute(
        `CREATE SCHEMA ${identifier(schema)}; CREATE TABLE ${table} (id text PRIMARY KEY, n bigint NOT NULL, doc jsonb);`,
      );
    }, 60_000);
    afterAll(async () => {
      await sql()?.execute(`DROP SCHEMA IF EXISTS ${identifier(schema)} CASCADE`);
      await harness?.dispose();
    }, 60_000);
    const count = async (id: string) =>
      (await sql().query<{ n: string }>(`SELECT n::text AS n FROM ${table} WHERE id = $1`, [id]))[0]
        ?.n;

    it('says what it is', () => {
      expect(sql().kind).toBe(harness.kind);
    });

    it('runs parameterised queries and gives rows back, bigints as text and JSON as values', async () => {
      const doc = { name: 'ünï 🎟️', list: [1, null, 'x'], nested: { ok: true } };
      await sql().query(`INSERT INTO ${table} (id, n, doc) VALUES ($1, $2::bigint, $3::jsonb)`, [
        'p',
        '9007199254740993',
        JSON.stringify(doc),
      ]);
      expect(
        await sql().query(`SELECT id, n::text AS n, doc FROM ${table} WHERE id = $1`, ['p']),
      ).toEqual([{ id: 'p', n: '9007199254740993', doc }]);
      expect(await sql().query(`SELECT $1::text IS NULL AS missing`, [null])).toEqual([
        { missing: true },
      ]);
      expect(
        await sql().query(`SELECT id FROM ${table} WHERE id = ANY ($1::text[])`, [['p', 'nope']]),
      ).toEqual([{ id: 'p' }]);
    });

    it('runs a named statement again and again with new parameters', async () => {
      const text = `SELECT $1::int + 1 AS next`;
      for (const n of [1, 2, 3])
        expect(await sql().query(text, [n], `${schema}:next`)).toEqual([{ next: n + 1 }]);
    });

    it('runs a script of several statements', async () => {
      await sql().execute(
        `INSERT INTO ${table} (id, n) VALUES ('s1', 1); INSERT INTO ${table} (id, n) VALUES ('s2', 2);`,
      );
      expect([await count('s1'), await count('s2')]).toEqual(['1', '2']);
    });

    it('commits a transaction as a whole and gives back what its work returned', async () => {
      const result = await sql().transaction(async (tx) => {
        await tx.query(`INSERT INTO ${table} (id, n) VALUES ('t1', 1)`);
        await tx.execute(`INSERT INTO ${table} (id, n) VALUES ('t2', 2)`);
        return (
          await tx.query<{ n: string }>(
            `SELECT count(*)::text AS n FROM ${table} WHERE id LIKE 't%'`,
          )
        )[0]!.n;
      });
      expect(result).toBe('2');
      expect([await count('t1'), await count('t2')]).toEqual(['1', '2']);
    });

    it('rolls back everything when the work throws or a statement fails, and rethrows', async () => {
      await expect(
        sql().transaction(async (tx) => {
          await tx.query(`INSERT INTO ${table} (id, n) VALUES ('r1', 1)`);
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      await expect(
        sql().transaction(async (tx) => {
          await tx.query(`INSERT INTO ${table} (id, n) VALUES ('r2', 1)`);
          await tx.query(`INSERT INTO ${table} (id, n) VALUES ('r2', 2)`); // duplicate key
        }),
      ).rejects.toThrow();
      expect([await count('r1'), await count('r2')]).toEqual([undefined, undefined]);
      expect(await sql().query(`SELECT 1 AS still_usable`)).toEqual([{ still_usable: 1 }]);
    });

    it('keeps concurrent transactions apart: read-modify-write under a row lock loses no update', async () => {
      await sql().query(`INSERT INTO ${table} (id, n) VALUES ('counter', 0)`);
      await Promise.all(
        Array.from({ length: 20 }, () =>
          sql().transaction(async (tx) => {
            const [row] = await tx.query<{ n: string }>(
              `SELECT n::text AS n FROM ${table} WHERE id = 'counter' FOR UPDATE`,
            );
            await tx.query(`UPDATE ${table} SET n = $1::bigint WHERE id = 'counter'`, [
              String(Number(row!.n) + 1),
            ]);
          }),
        ),
      );
      expect(await count('counter')).toBe('20');
    });

    it('wakes every listener of a channel on notify, only those, until they stop listening', async () => {
      const channel = `${schema}_wake`;
      const woken = { a: 0, b: 0, other: 0 };
      const stopA = await sql().listen(channel, () => void woken.a++);
      const stopB = await sql().listen(channel, () => void woken.b++);
      const stopOther = await sql().listen(`${schema}_other`, () => void woken.other++);
      await sql().notify(channel);
      await eventually(() => expect([woken.a, woken.b]).toEqual([1, 1]), 5000);
      await stopA();
      await sql().notify(channel);
      await eventually(() => expect(woken.b).toBe(2), 5000);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect([woken.a, woken.other]).toEqual([1, 0]);
      await stopB();
      await stopOther();
    });

    it('lets one holder have a lock at a time; the next takes it on release; a waiter gives up on abort', async () => {
      const key = `${schema}:lock`;
      const first = await sql().holdLock(key, { pollMs: 20 });
      let secondHeld = false;
      const second = sql()
        .holdLock(key, { pollMs: 20 })
        .then((held) => ((secondHeld = true), held));
      const giveUp = new AbortController();
      const third = sql().holdLock(key, { pollMs: 20, signal: giveUp.signal });
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(secondHeld).toBe(false);
      giveUp.abort();
      await expect(third).rejects.toBeDefined();
      const other = await sql().holdLock(`${schema}:other`, { pollMs: 20 }); // another key is free
      await first.release();
      const held = await second;
      expect(secondHeld).toBe(true);
      await held.release();
      await other.release();
      const again = await sql().holdLock(key, { pollMs: 20 });
      await again.release();
    });
  });
}

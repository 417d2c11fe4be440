import type { PGlite } from '@electric-sql/pglite';
import type { SqlClient } from './sql-client.ts';

/** A SqlClient over an embedded PGlite the caller opened and will close. */
export function createPgliteSqlClient(db: PGlite): SqlClient {
  // One opener per data folder, so every listener lives in this process: wake them without SQL.
  const listeners = new Map<string, Set<() => void>>();
  return {
    kind: 'embedded',
    async query<Row>(text: string, params: readonly unknown[] = []) {
      return (await db.query<Row>(text, params as unknown[])).rows;
    },
    execute: async (script) => void (await db.exec(script)),
    transaction: (work) =>
      db.transaction((tx) =>
        work({
          query: async <Row>(text: string, params: readonly unknown[] = []) =>
            (await tx.query<Row>(text, params as unknown[])).rows,
          execute: async (script) => void (await tx.exec(script)),
        }),
      ),
    async listen(channel, onNotify) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      const listener = () => onNotify();
      set.add(listener);
      return async () => void set.delete(listener);
    },
    async notify(channel) {
      for (const listener of listeners.get(channel) ?? []) listener();
    },
  };
}

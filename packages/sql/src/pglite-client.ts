import type { PGlite } from '@electric-sql/pglite';
import type { SqlClient } from './sql-client.ts';

/** A SqlClient over an embedded PGlite the caller opened and will close. */
export function createPgliteSqlClient(db: PGlite): SqlClient {
  // One opener per data folder, so every listener lives in this process: wake them without SQL.
  const listeners = new Map<string, Set<() => void>>();
  // Locks in process, for the same reason: each key's holder, and who waits for it in turn.
  const locks = new Map<string, Array<() => void>>();
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
    async holdLock(key, options = {}) {
      const { signal } = options;
      while (locks.has(key)) {
        signal?.throwIfAborted();
        await new Promise<void>((resolve, reject) => {
          const waiting = locks.get(key)!;
          const onAbort = () => reject(signal!.reason as Error);
          waiting.push(() => (signal?.removeEventListener('abort', onAbort), resolve()));
          signal?.addEventListener('abort', onAbort, { once: true });
        });
      }
      signal?.throwIfAborted();
      locks.set(key, []);
      return {
        lost: new Promise<void>(() => undefined), // one process: the lock goes only with it
        async release() {
          const waiting = locks.get(key) ?? [];
          locks.delete(key);
          for (const wake of waiting) wake();
        },
      };
    },
    async notify(channel) {
      for (const listener of listeners.get(channel) ?? []) listener();
    },
  };
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgliteSqlClient, openEmbeddedDatabase } from '@sportskk/sql';
import { describeEventStoreContract } from '../testing/index.ts';
import { createPostgresEventStore } from './postgres-event-store.ts';

console.warn('[contract] PostgreSQL embedded (PGlite): RUNNING (always)');

describeEventStoreContract('PostgreSQL embedded (PGlite, data on disk)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'es-pglite-'));
  return {
    async open() {
      const database = await openEmbeddedDatabase(join(dir, 'data'));
      const store = await createPostgresEventStore(createPgliteSqlClient(database.db));
      return { ...store, close: async () => (await store.close(), await database.close()) };
    },
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

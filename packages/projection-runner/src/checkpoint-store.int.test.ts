import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import { openSqlClient, type OpenedSql } from '@sportskk/sql';
import { announceAdapter, announceAlways } from '@sportskk/testing';
import { createSqlCheckpointStore } from './checkpoint-store.ts';
import { describeCheckpointStoreContract } from './testing/index.ts';

announceAlways('CheckpointStore on PostgreSQL embedded (PGlite)');
describeCheckpointStoreContract('SQL on PostgreSQL embedded (PGlite)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'checkpoints-'));
  let opened: OpenedSql | undefined;
  return {
    async open(eventStore) {
      await opened?.close();
      opened = await openSqlClient({ databaseUrl: undefined, dataDir: join(dir, 'pglite') });
      return createSqlCheckpointStore(opened.sql, { eventStore });
    },
    async dispose() {
      await opened?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

const url = announceAdapter('CheckpointStore on PostgreSQL server (pg)', 'DATABASE_URL');
describe.skipIf(!url)('on the PostgreSQL server', () => {
  describeCheckpointStoreContract('SQL on PostgreSQL server (pg)', async () => {
    const schema = `checkpoints_test_${randomBytes(6).toString('hex')}`;
    const opened = await openSqlClient({ databaseUrl: url, dataDir: 'unused' });
    return {
      open: (eventStore) => createSqlCheckpointStore(opened.sql, { schema, eventStore }),
      async dispose() {
        await opened.sql.execute(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await opened.close();
      },
    };
  });
});

import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

export interface EmbeddedDatabase {
  readonly db: PGlite;
  close(): Promise<void>;
}

/**
 * Opens PGlite over `dataDir` (or in memory when absent). A lock file beside the folder refuses a second
 * opener, in this process or another live one: two PGlite instances on one folder corrupt it.
 */
export async function openEmbeddedDatabase(dataDir?: string): Promise<EmbeddedDatabase> {
  if (dataDir === undefined) {
    const db = await PGlite.create();
    return { db, close: () => db.close() };
  }
  const dir = resolve(dataDir);
  mkdirSync(dirname(dir), { recursive: true });
  const releaseLock = acquireLock(`${dir}.lock`);
  try {
    const db = await PGlite.create(dir);
    return {
      db,
      async close() {
        try {
          await db.close();
        } finally {
          releaseLock();
        }
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

function acquireLock(lockPath: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lockPath, 'utf8'));
      if (isAlive(holder)) {
        throw new Error(
          `The embedded database is already open (process ${holder} holds ${lockPath}); PGlite allows one opener.`,
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${lockPath}`);
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

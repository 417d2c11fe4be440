import { readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

class DataDirInUseError extends Error {
  readonly code = 'DATA_DIR_IN_USE';
}

/** What `<dataDir>/supervisor.json` says about the `npm start` that holds the folder. */
export interface SupervisorRecord {
  readonly pid: number;
  readonly databaseUrl?: string;
  readonly ports?: Record<string, number>;
}

const recordPath = (dataDir: string) => join(resolve(dataDir), 'supervisor.json');

/**
 * One `npm start` per data folder, recorded in `<dataDir>/supervisor.json`. A record whose process is gone (killed,
 * or its pid reused by a program that is not Node.js) is stale and taken over.
 */
export function lockDataDir(dataDir: string): {
  publish(details: Omit<SupervisorRecord, 'pid'>): void;
  release(): void;
} {
  mkdirSync(resolve(dataDir), { recursive: true });
  const holder = runningSupervisor(dataDir);
  if (holder && holder.pid !== process.pid) {
    throw new DataDirInUseError(
      `${resolve(dataDir)} is in use by another npm start (pid ${holder.pid}); stop it first, or set DATA_DIR`,
    );
  }
  const write = (record: SupervisorRecord) =>
    writeFileSync(recordPath(dataDir), `${JSON.stringify(record)}\n`, { mode: 0o600 });
  write({ pid: process.pid });
  return {
    publish: (details) => write({ ...details, pid: process.pid }),
    release() {
      if (readRecord(dataDir)?.pid === process.pid) rmSync(recordPath(dataDir), { force: true });
    },
  };
}

/** The live `npm start` holding `dataDir`, if any (for tools that reach the same stores). */
export function runningSupervisor(dataDir: string): SupervisorRecord | undefined {
  const record = readRecord(dataDir);
  return record && isNodeProcess(record.pid) ? record : undefined;
}

function readRecord(dataDir: string): SupervisorRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(recordPath(dataDir), 'utf8')) as SupervisorRecord;
    return Number.isSafeInteger(record.pid) && record.pid > 0 ? record : undefined;
  } catch {
    return undefined;
  }
}

function isNodeProcess(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]!.includes('node');
  } catch {
    // Gone, or no /proc (not Linux): whether it runs at all.
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  }
}
